package vn.ndxp.loadtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import vn.ndxp.model.file.EventReader;

/**
 * Reads and decodes a file on its own thread, a few thousand events ahead of the sender, so that
 * decompression and Avro decoding overlap with serializing and sending: at full speed the sending
 * thread is the bottleneck, and it no longer waits for the file. Entries come in chunks to keep the
 * hand-over cheap.
 */
final class ReadAhead implements EventReader {
    private static final int CHUNK = 512;
    private static final List<Entry> END = List.of();

    private final EventReader reader;
    private final BlockingQueue<List<Entry>> chunks = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private volatile IOException failure;
    private List<Entry> current = new ArrayList<>();
    private int next;
    private boolean ended;

    ReadAhead(EventReader reader) {
        this.reader = reader;
        this.thread = new Thread(this::fill, "replay-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        try {
            List<Entry> chunk = new ArrayList<>(CHUNK);
            Entry e;
            while ((e = reader.next()) != null) {
                chunk.add(e);
                if (chunk.size() == CHUNK) {
                    chunks.put(chunk);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            if (!chunk.isEmpty()) {
                chunks.put(chunk);
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            return; // closed early
        }
        try {
            chunks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Entry next() throws IOException {
        while (next == current.size()) {
            if (ended) {
                return null;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading ahead");
            }
            next = 0;
            if (current == END) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
            }
        }
        return current.get(next++);
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
