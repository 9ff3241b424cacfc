package vn.ndxp.loadtest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import vn.ndxp.pacing.Schedule;

/**
 * The counters and latencies of a replay, written by the sending thread and the producer's
 * callback thread, read by the reporter, the metrics endpoint and the end of the run.
 *
 * <p>Latency is charged from the time an event was <em>due</em> by the schedule, not from the
 * time it was handed to the producer: when the sink falls behind, the events that wait for it
 * carry that wait in their latency (coordinated omission, as in wrk2 and HdrHistogram). The naive
 * latency from the {@code send()} call is kept next to it, to show the difference.
 */
public final class LoadStats {
    /** Told of every acknowledgement, e.g. to feed a Micrometer timer. */
    public interface AckListener {
        void acked(long correctedNanos, long naiveNanos);
    }

    private final Schedule schedule;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong bad = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final LatencyRecorder corrected = new LatencyRecorder();
    private final LatencyRecorder naive = new LatencyRecorder();
    private final List<AckListener> listeners = new CopyOnWriteArrayList<>();
    private volatile long startNanos;
    private volatile long scheduled;
    private volatile long lastDueNanos;
    private long periodStart;
    private long periodAcked;
    private long periodScheduled;

    public LoadStats(Schedule schedule) {
        this.schedule = schedule;
    }

    public void addListener(AckListener listener) {
        listeners.add(listener);
    }

    public void start(long nanos) {
        startNanos = nanos;
        periodStart = nanos;
    }

    /** An event became due at {@code dueNanos} (after the start) and is being sent. Sending thread only. */
    void dispatched(long dueNanos) {
        scheduled++;
        lastDueNanos = dueNanos;
    }

    void countSent() {
        sent.incrementAndGet();
    }

    /**
     * @param intendedNanos when the schedule wanted the event sent
     * @param sendNanos     when {@code send()} was called
     * @param ackNanos      when the acknowledgement came
     */
    public void acked(long intendedNanos, long sendNanos, long ackNanos) {
        acked.incrementAndGet();
        lastAckNanos.accumulateAndGet(ackNanos, Math::max);
        long correctedNanos = ackNanos - intendedNanos;
        long naiveNanos = ackNanos - sendNanos;
        corrected.record(correctedNanos);
        naive.record(naiveNanos);
        for (AckListener l : listeners) {
            l.acked(correctedNanos, naiveNanos);
        }
    }

    public void failed(Exception e) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, String.valueOf(e));
    }

    void badRecord() {
        bad.incrementAndGet();
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failedCount() {
        return failed.get();
    }

    public long badRecords() {
        return bad.get();
    }

    /** The target rate now, for the gauge: N (ramped) for {@code --rate}, NaN otherwise. */
    public double currentTargetRate(long nowNanos) {
        return schedule.targetRateAt(nowNanos - startNanos);
    }

    /** The period since the previous call (or the start): rates and latencies of that period only. */
    public synchronized Report period(long nowNanos, Report.Freshness freshness) {
        double seconds = Math.max(1e-9, (nowNanos - periodStart) / 1e9);
        long ackedNow = acked.get();
        long scheduledNow = scheduled;
        Double target = switch (schedule.mode()) {
            case MAX -> null;
            case RATE -> schedule.targetRateAt(nowNanos - startNanos);
            case SPEED -> (scheduledNow - periodScheduled) / seconds;
        };
        Report r = new Report(schedule.describe(), (nowNanos - startNanos) / 1e9, sent.get(), ackedNow, failed.get(),
                bad.get(), target, (ackedNow - periodAcked) / seconds, corrected.interval(), naive.interval(), freshness,
                firstFailure.get());
        periodStart = nowNanos;
        periodAcked = ackedNow;
        periodScheduled = scheduledNow;
        return r;
    }

    /** The whole run so far. */
    public synchronized Report total(long nowNanos, Report.Freshness freshness) {
        long lastAck = lastAckNanos.get();
        long ackedNow = acked.get();
        double achieved = lastAck == Long.MIN_VALUE ? 0 : ackedNow / Math.max(1e-9, (lastAck - startNanos) / 1e9);
        Double target = switch (schedule.mode()) {
            case MAX -> null;
            case RATE -> schedule.target();
            case SPEED -> scheduled > 1 && lastDueNanos > 0 ? (scheduled - 1) / (lastDueNanos / 1e9) : null;
        };
        return new Report(schedule.describe(), (nowNanos - startNanos) / 1e9, sent.get(), ackedNow, failed.get(),
                bad.get(), target, achieved, corrected.total(), naive.total(), freshness, firstFailure.get());
    }
}
