package vn.ndxp.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import vn.ndxp.model.file.EventFileFormat;

/** {@code avro} or {@code jsonl}, in any case. */
final class FormatConverter implements ITypeConverter<EventFileFormat> {
    @Override
    public EventFileFormat convert(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "avro" -> EventFileFormat.AVRO;
            case "jsonl", "json", "ndjson" -> EventFileFormat.JSONL;
            default -> throw new TypeConversionException("'" + value + "' is not a file format: use avro or jsonl");
        };
    }
}
