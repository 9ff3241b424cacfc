package vn.ndxp.pacing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Takes items from a source on its own thread, a few thousand ahead of the one that sends them,
 * so that making the items (decoding a file, simulating traffic) overlaps with serializing and
 * sending them: at full speed the sending thread is the bottleneck, and it no longer waits for the
 * source. Items come across in chunks to keep the hand-over cheap. Pacing stays with the sender:
 * the source only ever runs ahead of it.
 *
 * @param <T> the items; the source returns null after the last
 */
public final class RunAhead<T> implements AutoCloseable {
    private static final int CHUNK = 512;

    /** Where the items come from: the next one, or null after the last. */
    @FunctionalInterface
    public interface Source<T> {
        T next() throws IOException;
    }

    private final Source<T> source;
    private final List<T> end = List.of();
    private final BlockingQueue<List<T>> chunks = new ArrayBlockingQueue<>(16);
    private final Thread thread;
    private volatile IOException failure;
    private List<T> current = new ArrayList<>();
    private int next;
    private boolean ended;

    public RunAhead(String threadName, Source<T> source) {
        this.source = source;
        this.thread = new Thread(this::fill, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        List<T> chunk = new ArrayList<>(CHUNK);
        try {
            T item;
            while ((item = source.next()) != null) {
                chunk.add(item);
                if (chunk.size() == CHUNK) {
                    chunks.put(chunk);
                    chunk = new ArrayList<>(CHUNK);
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            return; // closed early
        }
        try {
            if (!chunk.isEmpty()) {
                chunks.put(chunk); // the items before a failure, too
            }
            chunks.put(end);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next item, or null after the last.
     *
     * @throws IOException what the source threw, once the items before it are taken
     */
    public T next() throws IOException, InterruptedException {
        while (next == current.size()) {
            if (ended) {
                return null;
            }
            current = chunks.take();
            next = 0;
            if (current == end) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
            }
        }
        return current.get(next++);
    }

    /** Stops the source's thread if it is still running. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
