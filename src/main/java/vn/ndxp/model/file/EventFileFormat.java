package vn.ndxp.model.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The two file forms of DataExchangeEvents: Avro object container files (schema embedded,
 * compressed, readable by any Avro library) and JSON Lines ({@link vn.ndxp.model.EventJson}).
 *
 * <p>Readers detect the form from the content, not the name: every Avro container starts with the
 * four bytes {@code Obj\u0001}, which no JSON text can. Writers choose by an explicit format or,
 * failing that, by the file's extension.
 */
public enum EventFileFormat {
    AVRO, JSONL;

    /** The magic of the Avro object container format. */
    static final byte[] AVRO_MAGIC = {'O', 'b', 'j', 1};

    /** The format of an existing file, from its first four bytes. */
    public static EventFileFormat detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(AVRO_MAGIC.length), AVRO_MAGIC) ? AVRO : JSONL;
        }
    }

    /**
     * The format to write: {@code explicit} if given, else {@code .avro} means Avro and
     * {@code .jsonl}, {@code .ndjson} or {@code .json} mean JSON Lines, else {@code fallback}.
     */
    public static EventFileFormat forOutput(Path file, EventFileFormat explicit, EventFileFormat fallback) {
        if (explicit != null) {
            return explicit;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".avro")) {
            return AVRO;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        return fallback;
    }
}
