package vn.ndxp.loadtest;

import java.io.IOException;
import java.io.InterruptedIOException;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.pacing.RunAhead;

/**
 * Reads and decodes a file on its own thread ({@link RunAhead}), a few thousand events ahead of
 * the sender, so that decompression and Avro decoding overlap with serializing and sending.
 */
final class ReadAhead implements EventReader {
    private final EventReader reader;
    private final RunAhead<Entry> ahead;

    ReadAhead(EventReader reader) {
        this.reader = reader;
        this.ahead = new RunAhead<>("replay-read-ahead", reader::next);
    }

    @Override
    public Entry next() throws IOException {
        try {
            return ahead.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
    }

    @Override
    public void close() throws IOException {
        ahead.close();
        reader.close();
    }
}
