package vn.ndxp.topology.analytics;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import vn.ndxp.topology.Names;

/**
 * A combiner's pending cells as committed state, in {@link Names#PARTIALS_STORE}: at each commit
 * without a flush the cells changed since the previous commit go out as one journal record (a few,
 * if very many changed), keyed by a big-endian record number so that the store returns them in
 * order; a later copy of a cell replaces an earlier one. A flush deletes the journal.
 */
final class CellJournal {
    /** A health cell journaled by the version before latency buckets: still read after an upgrade. */
    private static final int HEALTH_WITHOUT_BUCKETS = 'H';
    private static final int HEALTH = 'B';
    private static final int CONSUMER = 'C';
    /** A journal record is closed beyond this size, well under the broker's 1 MB default record limit. */
    private static final int MAX_RECORD_BYTES = 256 * 1024;

    private final KeyValueStore<Bytes, byte[]> store;
    private final Codec.Writer buffer = new Codec.Writer(64 * 1024);
    /** The key of the next journal record. */
    private int nextRecord;

    CellJournal(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The cells that were pending at the last commit, the latest copy of each. */
    Collection<PendingCell> read() {
        Map<Integer, PendingCell> cells = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                nextRecord = Math.max(nextRecord, recordNumber(kv.key) + 1);
                Codec.Reader r = new Codec.Reader(kv.value);
                while (r.hasRemaining()) {
                    int type = r.readByte();
                    int id = r.readVarInt();
                    cells.put(id, switch (type) {
                        case CONSUMER -> PendingCell.Consumer.read(id, r);
                        case HEALTH, HEALTH_WITHOUT_BUCKETS -> PendingCell.Health.read(id, r, type == HEALTH);
                        default -> throw new IllegalStateException("unknown journal cell type " + type);
                    });
                }
            }
        }
        return cells.values();
    }

    /** Journals the changed cells, in as few records as their size allows, and marks them unchanged. */
    void write(List<PendingCell> changed) {
        buffer.reset();
        for (PendingCell cell : changed) {
            cell.changed = false;
            buffer.writeByte(cell instanceof PendingCell.Health ? HEALTH : CONSUMER).writeVarLong(cell.id);
            cell.writeTo(buffer);
            if (buffer.size() >= MAX_RECORD_BYTES) {
                putRecord();
            }
        }
        if (buffer.size() > 0) {
            putRecord();
        }
    }

    /** After a flush: the cells are sent, so their journal goes. */
    void delete() {
        for (int n = 0; n < nextRecord; n++) {
            store.delete(key(n));
        }
        nextRecord = 0;
    }

    private void putRecord() {
        store.put(key(nextRecord++), buffer.toByteArray());
        buffer.reset();
    }

    private static Bytes key(int n) {
        return Bytes.wrap(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    private static int recordNumber(Bytes key) {
        byte[] k = key.get();
        return (k[0] & 0xff) << 24 | (k[1] & 0xff) << 16 | (k[2] & 0xff) << 8 | (k[3] & 0xff);
    }
}
