package vn.ndxp.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import vn.ndxp.simulator.scenario.ScenarioParser;

/** Durations as people write them: 250ms, 90s, 15m, 6h, 2d, or ISO-8601 (PT6H). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            String iso = value.trim().toUpperCase(Locale.ROOT);
            return iso.startsWith("P") ? Duration.parse(iso) : ScenarioParser.duration(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 250ms, 90s, 15m, 6h, 2d or PT6H");
        }
    }
}
