package vn.ndxp.model.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * Reads the events of a file in order, one {@link Entry} at a time. A record that cannot be read
 * is an entry too, with a message naming the file and the position (line, or block and record),
 * so the caller decides whether to skip it or stop; the reader itself goes on after it.
 */
public interface EventReader extends Closeable {

    /** An event, or (event null) a record that could not be read and why. */
    record Entry(DataExchangeEvent event, String problem) {
        public static Entry of(DataExchangeEvent event) {
            return new Entry(event, null);
        }

        public static Entry bad(String problem) {
            return new Entry(null, problem);
        }

        public boolean ok() {
            return problem == null;
        }
    }

    /** The next entry, or null at the end of the file. */
    Entry next() throws IOException;

    /** Opens a file in the format its content shows. */
    static EventReader open(Path file) throws IOException {
        return EventFileFormat.detect(file) == EventFileFormat.AVRO ? new AvroEventReader(file) : new JsonLinesEventReader(file);
    }
}
