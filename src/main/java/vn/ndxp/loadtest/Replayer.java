package vn.ndxp.loadtest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.pacing.Ticker;
import vn.ndxp.pacing.Timeline;

/**
 * Sends the events of a file to a sink on a {@link Schedule}: reads, waits until each event is
 * due, sends, and charges the latency from the due time (see {@link LoadStats}). Falling behind
 * is never hidden: events already due go out at once, one after another, and carry their wait.
 *
 * <p>Single-threaded and driven by a {@link Ticker}, so tests run it on a fake clock.
 */
public final class Replayer {
    /** Opens the file again for each pass. */
    public interface Source {
        EventReader open() throws IOException;
    }

    /** Told of each event handed to the sink, from the sending thread. */
    public interface Listener {
        void sent(long count, long nanos, DataExchangeEvent event);
    }

    /** Why the replay ended. */
    public enum Outcome {
        /** Every pass done. */
        COMPLETED,
        /** {@code --duration} reached. */
        DURATION,
        /** {@code --limit} reached. */
        LIMIT,
        /** A bad record under {@code --strict}. */
        STRICT_STOP,
        /** {@link #stop()}, e.g. Ctrl-C. */
        STOPPED
    }

    private final ReplayPlan plan;
    private final Source source;
    private final EventSink sink;
    private final Ticker ticker;
    private final LoadStats stats;
    private final Consumer<String> problems;
    private final Listener listener;
    private final String idSalt = UUID.randomUUID().toString();
    private final Timeline timeline = new Timeline();
    private volatile boolean stopRequested;
    private volatile Thread runner;
    private long startNanos;
    private long rebaseMs;
    private long index;

    public Replayer(ReplayPlan plan, Source source, EventSink sink, Ticker ticker, LoadStats stats,
                    Consumer<String> problems, Listener listener) {
        this.plan = plan;
        this.source = source;
        this.sink = sink;
        this.ticker = ticker;
        this.stats = stats;
        this.problems = problems;
        this.listener = listener == null ? (n, t, e) -> { } : listener;
    }

    /** Runs the whole replay, then waits for the last acknowledgements. */
    public Outcome run() throws IOException {
        runner = Thread.currentThread();
        startNanos = ticker.nanoTime();
        long startWallMs = ticker.wallMillis();
        stats.start(startNanos);
        Outcome outcome = Outcome.COMPLETED;
        try {
            for (int pass = 0; plan.loops() == 0 || pass < plan.loops(); pass++) {
                long before = index;
                outcome = pass(pass, startWallMs);
                if (outcome != Outcome.COMPLETED || index == before) {
                    break;
                }
                timeline.endPass();
            }
        } catch (InterruptedException | InterruptedIOException e) {
            outcome = Outcome.STOPPED;
        } catch (RuntimeException e) {
            if (!stopRequested) {
                throw e;
            }
            outcome = Outcome.STOPPED; // e.g. the producer's own InterruptException
        } finally {
            Thread.interrupted(); // a stop must not make the flush below fail
            sink.flush();
            runner = null;
        }
        return stopRequested ? Outcome.STOPPED : outcome;
    }

    /** Ends the replay soon (from any thread): no more sends, the sent ones are still awaited. */
    public void stop() {
        stopRequested = true;
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    private Outcome pass(int pass, long startWallMs) throws IOException, InterruptedException {
        try (EventReader reader = source.open()) {
            EventReader.Entry entry;
            while ((entry = reader.next()) != null) {
                if (stopRequested) {
                    return Outcome.STOPPED;
                }
                if (!entry.ok()) {
                    if (pass == 0) { // the same record is bad in every pass: say it once
                        stats.badRecord();
                        problems.accept(entry.problem());
                    }
                    if (plan.strict()) {
                        return Outcome.STRICT_STOP;
                    }
                    continue;
                }
                if (plan.limit() > 0 && index >= plan.limit()) {
                    return Outcome.LIMIT;
                }
                DataExchangeEvent recorded = entry.event();
                long t = recorded.getRequestTime().toEpochMilli();
                long due = plan.schedule().dueNanos(index, timeline.offsetMs(t));
                if (plan.times() == ReplayPlan.Times.REBASED && index == 0) {
                    rebaseMs = startWallMs - t;
                }
                if (plan.duration() != null && beyondDuration(due)) {
                    return Outcome.DURATION;
                }
                if (due > 0) {
                    ticker.sleepUntil(startNanos + due);
                }
                send(transform(recorded, pass), due);
            }
        }
        return Outcome.COMPLETED;
    }

    private boolean beyondDuration(long due) {
        long limit = plan.duration().toNanos();
        return plan.schedule().mode() == Schedule.Mode.MAX ? ticker.nanoTime() - startNanos >= limit : due >= limit;
    }

    private void send(DataExchangeEvent event, long due) {
        long sendNanos = ticker.nanoTime();
        long intended = plan.schedule().mode() == Schedule.Mode.MAX ? sendNanos : startNanos + due;
        stats.dispatched(due);
        sink.send(event, error -> {
            long now = ticker.nanoTime();
            if (error == null) {
                stats.acked(intended, sendNanos, now);
            } else {
                stats.failed(error);
            }
        });
        stats.countSent();
        index++;
        listener.sent(index, sendNanos, event);
    }

    /** New times and fresh ids, as the plan says; the recorded event itself when neither. */
    private DataExchangeEvent transform(DataExchangeEvent e, int pass) {
        if (plan.times() == ReplayPlan.Times.RECORDED && !plan.newIds()) {
            return e;
        }
        Instant time = switch (plan.times()) {
            case RECORDED -> e.getRequestTime();
            case REBASED -> Instant.ofEpochMilli(e.getRequestTime().toEpochMilli() + rebaseMs + timeline.shiftMs(pass));
            case SENT -> Instant.ofEpochMilli(ticker.wallMillis());
        };
        // Derived, not random: a duplicate within the file stays a duplicate within a pass.
        String id = !plan.newIds() ? e.getEventId()
                : UUID.nameUUIDFromBytes((idSalt + '/' + pass + '/' + e.getEventId()).getBytes(StandardCharsets.UTF_8)).toString();
        // A shallow copy: every other field is immutable (strings, numbers, an enum).
        return new DataExchangeEvent(id, time, e.getConsumerAgency(), e.getConsumerSystem(), e.getProviderAgency(),
                e.getProviderSystem(), e.getServiceCode(), e.getStatus(), e.getDurationMs(), e.getRequestBytes(),
                e.getResponseBytes(), e.getGateway());
    }
}
