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

    /** Adds {@code more} to {@code sum}, status by status. */
    public static void add(long[] sum, long[] more) {
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

    /**
     * A system's all-time requests by status and its agency, and the histogram of their latencies
     * ({@link LatencyBuckets}: counts per bucket and the sum in milliseconds). The value of
     * {@code service-totals-store}: the agency and the counts, then the histogram, which values
     * written before it existed lack (read as empty).
     */
    public record Totals(String agency, long[] byStatus, long[] latencyBuckets, long latencySumMs) {
        public static Totals decode(byte[] bytes) {
            if (bytes == null) {
                return new Totals("", new long[STATUSES], new long[LatencyBuckets.BUCKETS], 0);
            }
            Codec.Reader r = new Codec.Reader(bytes);
            String agency = r.readString();
            long[] byStatus = PartialSerde.readCounts(r);
            long[] buckets = new long[LatencyBuckets.BUCKETS];
            long sumMs = 0;
            if (r.hasRemaining()) {
                LatencyBuckets.mergeFrom(r, buckets);
                sumMs = r.readVarLong();
            }
            return new Totals(agency, byStatus, buckets, sumMs);
        }

        byte[] encode() {
            Codec.Writer w = new Codec.Writer(64).writeString(agency);
            PartialSerde.writeCounts(w, byStatus);
            LatencyBuckets.write(w, latencyBuckets);
            return w.writeVarLong(latencySumMs).toByteArray();
        }

        /** These totals and more of the same kinds; the agency stays, once known. */
        Totals plus(String moreAgency, long[] moreByStatus, long[] moreBuckets, long moreSumMs) {
            long[] s = byStatus.clone();
            add(s, moreByStatus);
            long[] b = latencyBuckets.clone();
            LatencyBuckets.add(b, moreBuckets);
            return new Totals(agency.isEmpty() ? moreAgency : agency, s, b, latencySumMs + moreSumMs);
        }
    }
}
