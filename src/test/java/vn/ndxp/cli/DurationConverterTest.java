package vn.ndxp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsTheUnitsPeopleWrite() {
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("6H")).isEqualTo(Duration.ofHours(6));
        assertThat(converter.convert("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(converter.convert("pt0.5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aValueWithoutAUnitIsRefusedWithExamples() {
        for (String bad : new String[] {"250", "5x", "ms", "1.5s"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + bad + "' is not a duration: use e.g. 250ms, 90s, 15m, 6h, 2d or PT6H");
        }
    }
}
