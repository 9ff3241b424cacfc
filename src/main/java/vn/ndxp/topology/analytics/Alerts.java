package vn.ndxp.topology.analytics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.AlertState;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.model.serde.AvroTrust;

/**
 * The layout of {@code alerts-store}, one per task, for the systems that task owns:
 * <ul>
 *   <li>{@code active/<TYPE>/<subject>}: the RAISED record of each active alert;</li>
 *   <li>{@code history/<time, 15 digits>/<alertId>/<state>}: every record sent to {@code ndxp.alerts}
 *       within the alert retention, in time order;</li>
 *   <li>{@code count/<TYPE>}: alerts raised so far (for {@code ndxp_alerts_total}).</li>
 * </ul>
 * Values are Avro single-object encoded {@link Alert}s, or a varint count.
 */
public final class Alerts {
    static final String ACTIVE = "active/";
    static final String HISTORY = "history/";
    static final String COUNT = "count/";

    static {
        AvroTrust.trustGeneratedClasses();
    }

    private Alerts() {}

    static String id(AlertType type, String subject, long raisedAt) {
        return type + "/" + subject + "/" + raisedAt;
    }

    static Alert raised(AlertType type, String subject, String agency, long at, double observed, double expected,
                        double threshold, String message) {
        return Alert.newBuilder().setAlertId(id(type, subject, at)).setType(type).setState(AlertState.RAISED)
                .setSubject(subject).setAgency(agency).setTime(Instant.ofEpochMilli(at))
                .setRaisedAt(Instant.ofEpochMilli(at)).setObserved(observed).setExpected(expected)
                .setThreshold(threshold).setMessage(message).build();
    }

    static Alert cleared(Alert raised, long at, double observed, String message) {
        return Alert.newBuilder(raised).setState(AlertState.CLEARED).setTime(Instant.ofEpochMilli(at))
                .setObserved(observed).setMessage(message).build();
    }

    static String activeKey(AlertType type, String subject) {
        return ACTIVE + type + "/" + subject;
    }

    static String historyKey(Alert a) {
        return HISTORY + pad(a.getTime().toEpochMilli()) + "/" + a.getAlertId() + "/" + a.getState();
    }

    static String historyKey(long time) {
        return HISTORY + pad(time);
    }

    static String pad(long millis) {
        return String.format("%015d", Math.max(0, millis));
    }

    static byte[] encode(Alert a) {
        try {
            ByteBuffer b = a.toByteBuffer();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Alert decode(byte[] bytes) {
        try {
            return Alert.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records RAISED or CLEARED: history, active set and the count. */
    static void record(KeyValueStore<String, byte[]> store, Alert a) {
        byte[] value = encode(a);
        store.put(historyKey(a), value);
        String active = activeKey(a.getType(), a.getSubject());
        if (a.getState() == AlertState.RAISED) {
            store.put(active, value);
            String count = COUNT + a.getType();
            store.put(count, new Codec.Writer(10).writeVarLong(count(store, a.getType()) + 1).toByteArray());
        } else {
            store.put(active, null);
        }
    }

    /** Alerts raised so far of that type, in this store. */
    public static long count(ReadOnlyKeyValueStore<String, byte[]> store, AlertType type) {
        byte[] v = store.get(COUNT + type);
        return v == null ? 0 : new Codec.Reader(v).readVarLong();
    }

    /** The active alerts in this store. */
    public static List<Alert> active(ReadOnlyKeyValueStore<String, byte[]> store) {
        return values(store, ACTIVE, ACTIVE + Character.MAX_VALUE);
    }

    /** Every RAISED and CLEARED record from {@code since} (event time, inclusive), oldest first. */
    public static List<Alert> since(ReadOnlyKeyValueStore<String, byte[]> store, long since) {
        return values(store, historyKey(since), HISTORY + Character.MAX_VALUE);
    }

    /** Forgets history older than {@code before}. */
    static void purge(KeyValueStore<String, byte[]> store, long before) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(HISTORY, historyKey(before))) {
            it.forEachRemaining(kv -> old.add(kv.key));
        }
        old.forEach(store::delete);
    }

    private static List<Alert> values(ReadOnlyKeyValueStore<String, byte[]> store, String from, String to) {
        List<Alert> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                out.add(decode(kv.value));
            }
        }
        return out;
    }
}
