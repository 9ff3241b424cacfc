package vn.ndxp.model.file;

import java.io.Closeable;
import java.nio.file.Path;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * Writes DataExchangeEvents to a file, in one of the {@link EventFileFormat}s. I/O errors are
 * raised as {@link java.io.UncheckedIOException} with a message that names the file.
 *
 * <p>The file appears under its name only when {@link #finish() finished}: until then it is
 * written beside it as {@code .NAME.partial}, and {@link #close()} without {@code finish()}
 * (an error, an interruption) deletes that and leaves any older file of the name untouched.
 */
public interface EventWriter extends Closeable {

    void write(DataExchangeEvent event);

    /** Events written so far. */
    long written();

    Path file();

    /** The events are all written: flushes, closes and gives the file its name. */
    void finish();

    /** Closes; unless {@link #finish() finished}, deletes what was written. Idempotent. */
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
