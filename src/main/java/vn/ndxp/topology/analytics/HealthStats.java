package vn.ndxp.topology.analytics;

import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Health of a service (or a system, or the platform) over some time: requests by status, bytes in
 * and out, and the latencies in the bins of a DDSketch ({@link LatencyBins}), which is what makes the minute, day and partial values
 * mergeable: merging two sketches adds their bins, and every quantile read from the result is
 * within {@value #RELATIVE_ACCURACY} relative error of the true value of that rank (the value at
 * rank {@code floor(q * (n - 1))} of the sorted latencies).
 *
 * Beside the sketch, the latencies are counted exactly in the buckets of the Prometheus histogram
 * ({@link LatencyBuckets}).
 *
 * <p>Encoded as varints (counts, bytes, latency sum) followed by the sketch's non-empty bins:
 * the count of zero latencies, then (index delta, count) pairs of the fixed logarithmic mapping,
 * about two bytes per non-empty bin (30-150 bytes for a minute of a busy service), then the
 * buckets. DDSketch's own encoding is as compact but scans the whole index range twice; this one
 * only visits the bins that have values. Stats encoded before the buckets existed (the readers'
 * {@code withBuckets} false) are read with empty buckets and no latency sum, so that the
 * histogram's count and sum always describe the same requests.
 */
public final class HealthStats {
    /** Relative accuracy of the latency quantiles: 1 %. */
    public static final double RELATIVE_ACCURACY = 0.01;
    static final IndexMapping MAPPING = new LogarithmicMapping(RELATIVE_ACCURACY);
    private static final ExchangeStatus[] STATUSES = ExchangeStatus.values();

    private final long[] byStatus = new long[STATUSES.length];
    private long bytesIn;
    private long bytesOut;
    private long latencySumMs;
    private final LatencyBins latencies = new LatencyBins();
    private final LatencyBuckets buckets = new LatencyBuckets();

    public HealthStats() {}

    /** One transaction. */
    void add(int statusOrdinal, int durationMs, long requestBytes, long responseBytes) {
        byStatus[statusOrdinal]++;
        bytesIn += requestBytes;
        bytesOut += responseBytes;
        latencySumMs += durationMs;
        latencies.accept(durationMs);
        buckets.accept(durationMs);
    }

    /** Adds everything {@code other} counted. */
    public void merge(HealthStats other) {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] += other.byStatus[i];
        }
        bytesIn += other.bytesIn;
        bytesOut += other.bytesOut;
        latencySumMs += other.latencySumMs;
        latencies.merge(other.latencies);
        buckets.merge(other.buckets);
    }

    void write(Codec.Writer w) {
        for (long n : byStatus) {
            w.writeVarLong(n);
        }
        w.writeVarLong(bytesIn).writeVarLong(bytesOut).writeVarLong(latencySumMs);
        latencies.write(w);
        buckets.write(w);
    }

    /** @param withBuckets whether they were encoded with the buckets (false: by a version before them) */
    static HealthStats read(Codec.Reader r, boolean withBuckets) {
        HealthStats s = new HealthStats();
        s.mergeFrom(r, withBuckets);
        return s;
    }

    /** Adds encoded stats, decoding the sketch straight into this one's bins. */
    void mergeFrom(Codec.Reader r, boolean withBuckets) {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] += r.readVarLong();
        }
        bytesIn += r.readVarLong();
        bytesOut += r.readVarLong();
        long sumMs = r.readVarLong();
        latencies.mergeFrom(r);
        if (withBuckets) {
            latencySumMs += sumMs;
            buckets.mergeFrom(r);
        }
    }

    /** Reads only the counts of encoded stats and skips the rest: {@code [requests, providerErrors]}. */
    static long[] readCounts(Codec.Reader r, boolean withBuckets) {
        long requests = 0;
        long providerErrors = 0;
        for (int i = 0; i < STATUSES.length; i++) {
            long n = r.readVarLong();
            requests += n;
            if (isProviderError(i)) {
                providerErrors += n;
            }
        }
        r.readVarLong();
        r.readVarLong();
        r.readVarLong();
        LatencyBins.skip(r);
        if (withBuckets) {
            LatencyBuckets.skip(r);
        }
        return new long[] {requests, providerErrors};
    }

    /** PROVIDER_ERROR and TIMEOUT are the provider's fault; CLIENT_ERROR and REJECTED are not. */
    static boolean isProviderError(int statusOrdinal) {
        return statusOrdinal == ExchangeStatus.PROVIDER_ERROR.ordinal() || statusOrdinal == ExchangeStatus.TIMEOUT.ordinal();
    }

    public long requests() {
        long n = 0;
        for (long c : byStatus) {
            n += c;
        }
        return n;
    }

    public long count(ExchangeStatus status) {
        return byStatus[status.ordinal()];
    }

    /** Requests that failed by the provider's fault: PROVIDER_ERROR and TIMEOUT. */
    public long providerErrors() {
        return count(ExchangeStatus.PROVIDER_ERROR) + count(ExchangeStatus.TIMEOUT);
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** The sum of the latencies counted in the {@link #latencyBuckets()}. */
    public long latencySumMs() {
        return latencySumMs;
    }

    /** The latencies counted exactly in the histogram's buckets, as {@link LatencyBuckets#counts()}. */
    public long[] latencyBuckets() {
        return buckets.counts();
    }

    /** Adds the bucket counts to a sum of them, without a copy. */
    void addBucketsTo(long[] sum) {
        buckets.addTo(sum);
    }

    /** The latency at quantile q (0..1) in milliseconds, within 1 % relative error; NaN without requests. */
    public double latencyMs(double q) {
        return latencies.quantile(q);
    }
}
