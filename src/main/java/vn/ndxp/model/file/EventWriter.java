package vn.ndxp.model.file;

import java.io.Closeable;
import java.nio.file.Path;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * Writes DataExchangeEvents to a file, in one of the {@link EventFileFormat}s. I/O errors are
 * raised as {@link java.io.UncheckedIOException} with a message that names the file.
 */
public interface EventWriter extends Closeable {

    void write(DataExchangeEvent event);

    /** Events written so far. */
    long written();

    Path file();

    /** Flushes and closes; the file is complete only after this. */
    @Override
    void close();

    /**
     * @param codec for Avro: {@code deflate}, {@code zstandard}, {@code snappy} or {@code null}
     *              (see {@link AvroEventWriter}); ignored for JSON Lines
     */
    static EventWriter open(Path file, EventFileFormat format, String codec) {
        return format == EventFileFormat.AVRO ? new AvroEventWriter(file, codec) : new JsonLinesEventWriter(file);
    }
}
