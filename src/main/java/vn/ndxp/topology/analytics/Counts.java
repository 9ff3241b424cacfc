package vn.ndxp.topology.analytics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Transactions by status, indexed by {@link ExchangeStatus#ordinal()}: the value of the flow and
 * platform-minute stores, and, after an agency code, of {@code service-totals-store}.
 */
public final class Counts {
    public static final int STATUSES = ExchangeStatus.values().length;

    private Counts() {}

    /** Counts as a record value: five varints (the daily counts' repartition topic). */
    public static Serde<long[]> serde() {
        return Serdes.serdeFrom((topic, c) -> c == null ? null : encode(c), (topic, b) -> b == null ? null : decode(b));
    }

    static byte[] encode(long[] byStatus) {
        Codec.Writer w = new Codec.Writer(16);
        PartialSerde.writeCounts(w, byStatus);
        return w.toByteArray();
    }

    public static long[] decode(byte[] bytes) {
        return bytes == null ? new long[STATUSES] : PartialSerde.readCounts(new Codec.Reader(bytes));
    }

    static void add(long[] sum, long[] more) {
        for (int i = 0; i < STATUSES; i++) {
            sum[i] += more[i];
        }
    }

    public static long total(long[] byStatus) {
        long n = 0;
        for (long c : byStatus) {
            n += c;
        }
        return n;
    }

    /** {@code service-totals-store}: the provider system's agency and its requests by status, all time. */
    static byte[] encodeTotals(String agency, long[] byStatus) {
        Codec.Writer w = new Codec.Writer(32).writeString(agency);
        PartialSerde.writeCounts(w, byStatus);
        return w.toByteArray();
    }

    /** A system's all-time requests by status and its agency. */
    public record Totals(String agency, long[] byStatus) {
        public static Totals decode(byte[] bytes) {
            if (bytes == null) {
                return new Totals("", new long[STATUSES]);
            }
            Codec.Reader r = new Codec.Reader(bytes);
            return new Totals(r.readString(), PartialSerde.readCounts(r));
        }
    }
}
