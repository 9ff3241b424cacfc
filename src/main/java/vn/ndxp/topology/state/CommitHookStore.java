package vn.ndxp.topology.state;

import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A changelogged key-value store of bytes that calls its processor back just before each commit of
 * its task, so that the processor can keep its state in plain Java structures while it processes
 * records and write only what changed, once per commit, instead of once per record.
 *
 * <p>Exact under exactly-once: Kafka Streams flushes every store's cache before it flushes the
 * producer and commits the transaction with the input offsets, on every commit (interval, request,
 * rebalance, clean shutdown). What {@link #beforeCommit the hook} writes to {@link #data()} goes to
 * the changelog in that same transaction. A crash loses the uncommitted transaction and the
 * processor's memory together; the store is restored to the last commit and the records after it
 * are read again.
 *
 * <p>Kafka Streams has no public pre-commit hook. This store gets one by implementing its
 * internal {@link CachedStateStore}, the interface the record caches use for the same purpose
 * (the task calls {@code flushCache()} on every store that implements it before committing). The
 * Kafka version is pinned in the pom, and the crash tests (CrashRecoveryIT) and
 * {@code CommitHookStoreTest} fail if the hook stops being called.
 */
public final class CommitHookStore implements StateStore, CachedStateStore<byte[], byte[]> {
    private final KeyValueStore<Bytes, byte[]> data;
    private Runnable beforeCommit = () -> {};

    private CommitHookStore(KeyValueStore<Bytes, byte[]> data) {
        this.data = data;
    }

    /** An in-memory store with a changelog (compacted, as Kafka Streams configures it). */
    public static StoreBuilder<CommitHookStore> inMemory(String name) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()));
    }

    /** A RocksDB store with a changelog: for state larger than the heap should hold twice. */
    public static StoreBuilder<CommitHookStore> persistent(String name) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(Map.of()));
    }

    /** A store that holds nothing: only the hook, for a processor whose state lives in other stores. */
    public static StoreBuilder<CommitHookStore> hookOnly(String name) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled());
    }

    /**
     * Called right before every commit of the task, on its stream thread; writes to {@link #data()}
     * (or to any other store of the task) from here commit with the task. One hook per store: the
     * processor that owns it.
     */
    public void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    /**
     * As {@link #beforeCommit(Runnable)}, but the hook runs as the processor whose {@code init}
     * registers it, so it may also forward records: they are sent in the commit's transaction,
     * before the producer is flushed, as a record cache's flush forwards its entries (which is
     * where this borrows the internal API from). The records get the wall clock as their context's
     * timestamp, as in a wall-clock punctuation; a processor sets its own on each record. Outside a
     * task (a test's {@code MockProcessorContext}, which captures forwards itself) the hook runs as given.
     */
    public void beforeCommit(ProcessorContext<?, ?> context, Runnable hook) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)) {
            this.beforeCommit = hook;
            return;
        }
        ProcessorNode<?, ?, ?, ?> owner = internal.currentNode();
        this.beforeCommit = () -> {
            ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
            ProcessorRecordContext recordContext = internal.recordContext();
            internal.setRecordContext(new ProcessorRecordContext(internal.currentSystemTimeMs(), -1L, -1, null,
                    new RecordHeaders()));
            internal.setCurrentNode(owner);
            try {
                hook.run();
            } finally {
                internal.setCurrentNode(node);
                internal.setRecordContext(recordContext);
            }
        };
    }

    /** The stored entries; every put and delete is also written to the changelog. */
    public KeyValueStore<Bytes, byte[]> data() {
        return data;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<byte[], byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void clearCache() {
        // Nothing cached: the processor's own structures are rebuilt from data() when it starts.
    }

    @Override
    public String name() {
        return data.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        data.init(context, root);
    }

    @Override
    public void flush() {
        data.flush();
    }

    @Override
    public void close() {
        data.close();
    }

    @Override
    public boolean persistent() {
        return data.persistent();
    }

    @Override
    public boolean isOpen() {
        return data.isOpen();
    }

    @Override
    public Position getPosition() {
        return data.getPosition();
    }

    private static final class Builder implements StoreBuilder<CommitHookStore> {
        private StoreBuilder<KeyValueStore<Bytes, byte[]>> data;

        Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> data) {
            this.data = data;
        }

        /** No record cache: the processor's structures are the cache. */
        @Override
        public StoreBuilder<CommitHookStore> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHookStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHookStore> withLoggingEnabled(Map<String, String> config) {
            data = data.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<CommitHookStore> withLoggingDisabled() {
            data = data.withLoggingDisabled();
            return this;
        }

        @Override
        public CommitHookStore build() {
            return new CommitHookStore(data.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return data.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return data.loggingEnabled();
        }

        @Override
        public String name() {
            return data.name();
        }
    }
}
