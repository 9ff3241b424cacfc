package vn.ndxp.topology.analytics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The windows of a store that changed since the last commit, kept decoded: partials are merged
 * into them in memory, and each is encoded and written to the store (and its changelog) once,
 * just before the commit ({@link #writeAll}, from a {@code CommitHookStore} hook). The combiners
 * of a stream thread flush together, so the partials of one minute or day from every input
 * partition mostly arrive between two commits: one write instead of one per partition, and one
 * decode instead of one per partial.
 *
 * <p>Exact for the same reason as the journals: what is pending at a commit is in the store before
 * the commit's transaction ends, and a crash loses the uncommitted writes and this memory together.
 * Readers of the store (the query API, {@code /metrics}) see a window as of the last commit.
 */
final class PendingWindows<V> {
    private record Window(String key, long start) {}

    private final WindowStore<String, byte[]> store;
    private final Function<byte[], V> decode;
    private final Function<V, byte[]> encode;
    /** In the order of first change, so that the store sees windows in about the order it did per partial. */
    private final Map<Window, V> pending = new LinkedHashMap<>();

    PendingWindows(WindowStore<String, byte[]> store, Function<byte[], V> decode, Function<V, byte[]> encode) {
        this.store = store;
        this.decode = decode;
        this.encode = encode;
    }

    /** The window's value to change in place: the pending one, else the stored one, else a new one. */
    V update(String key, long start, Supplier<V> absent) {
        return pending.computeIfAbsent(new Window(key, start), w -> {
            byte[] stored = store.fetch(key, start);
            return stored == null ? absent.get() : decode.apply(stored);
        });
    }

    /** The window's current value, pending or stored; null if it has none. */
    V get(String key, long start) {
        V v = pending.get(new Window(key, start));
        if (v != null) {
            return v;
        }
        byte[] stored = store.fetch(key, start);
        return stored == null ? null : decode.apply(stored);
    }

    /** Writes every pending window to the store. */
    void writeAll() {
        pending.forEach((w, v) -> store.put(w.key, encode.apply(v), w.start));
        pending.clear();
    }
}
