package vn.ndxp.loadtest;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.pacing.RunAhead;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.pacing.Ticker;
import vn.ndxp.pacing.Timeline;

/**
 * Sends the events of a file to a sink on a {@link Schedule}: reads, waits until each event is
 * due, sends, and charges the latency from the due time (see {@link LoadStats}). Falling behind
 * is never hidden: events already due go out at once, one after another, and carry their wait.
 *
 * <p>The file is read, decoded, given its new times and ids and prepared by the sink (serialized)
 * on a thread of its own, a few thousand events ahead of the sends ({@link RunAhead}), as
 * {@code simulate} does: at full speed the sending thread sets the pace, and it is left with the
 * sends alone. With {@link ReplayPlan.Times#SENT} an event's time is the moment of its send, so
 * those events are made and prepared on the sending thread. The pacing, the sends and the
 * latencies stay on the sending thread, driven by a {@link Ticker}, so tests run them on a fake clock.
 *
 * @param <P> what the sink prepares of an event
 */
public final class Replayer<P> {
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
    private final EventSink<P> sink;
    private final Ticker ticker;
    private final LoadStats stats;
    private final Consumer<String> problems;
    private final Listener listener;
    private final String idSalt = UUID.randomUUID().toString();
    private final Timeline timeline = new Timeline();
    private volatile boolean stopRequested;
    private volatile Thread runner;
    private long startNanos;
    private long startWallMs;
    /** Set ahead, at the first event of the first pass; later passes' threads start after it. */
    private long rebaseMs = Long.MIN_VALUE;
    private long index;

    /**
     * An entry of the file on its way to the sending thread: a bad record, or an event with its
     * recorded time, the event to send (null when made at the send) and what the sink made of it,
     * or why it could not.
     */
    private record Ahead<P>(EventReader.Entry entry, long recordedMs, DataExchangeEvent event, P prepared,
                            RuntimeException failure) {}

    public Replayer(ReplayPlan plan, Source source, EventSink<P> sink, Ticker ticker, LoadStats stats,
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
        startWallMs = ticker.wallMillis();
        stats.start(startNanos);
        Outcome outcome = Outcome.COMPLETED;
        try {
            for (int pass = 0; plan.loops() == 0 || pass < plan.loops(); pass++) {
                long before = index;
                outcome = pass(pass);
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

    private Outcome pass(int pass) throws IOException, InterruptedException {
        try (EventReader reader = source.open();
             RunAhead<Ahead<P>> ahead = new RunAhead<>("replay-ahead", () -> ahead(reader.next(), pass))) {
            for (Ahead<P> a = ahead.next(); a != null; a = ahead.next()) {
                if (stopRequested) {
                    return Outcome.STOPPED;
                }
                if (!a.entry().ok()) {
                    if (pass == 0) { // the same record is bad in every pass: say it once
                        stats.badRecord();
                        problems.accept(a.entry().problem());
                    }
                    if (plan.strict()) {
                        return Outcome.STRICT_STOP;
                    }
                    continue;
                }
                if (plan.limit() > 0 && index >= plan.limit()) {
                    return Outcome.LIMIT;
                }
                long due = plan.schedule().dueNanos(index, timeline.offsetMs(a.recordedMs()));
                if (plan.duration() != null && beyondDuration(due)) {
                    return Outcome.DURATION;
                }
                if (due > 0) {
                    ticker.sleepUntil(startNanos + due);
                }
                send(a.event() == null ? made(a.entry(), pass) : a, due);
            }
        }
        return Outcome.COMPLETED;
    }

    /** On the read-ahead thread: the entry, and unless its time is the send's, the event made and prepared. */
    private Ahead<P> ahead(EventReader.Entry entry, int pass) {
        if (entry == null) {
            return null;
        }
        if (!entry.ok()) {
            return new Ahead<>(entry, 0, null, null, null);
        }
        long t = entry.event().getRequestTime().toEpochMilli();
        if (plan.times() == ReplayPlan.Times.REBASED && rebaseMs == Long.MIN_VALUE) {
            rebaseMs = startWallMs - t;
        }
        return plan.times() == ReplayPlan.Times.SENT ? new Ahead<>(entry, t, null, null, null) : made(entry, pass);
    }

    /** The event to send and what the sink prepared of it. */
    private Ahead<P> made(EventReader.Entry entry, int pass) {
        DataExchangeEvent event = transform(entry.event(), pass);
        long t = entry.event().getRequestTime().toEpochMilli();
        try {
            return new Ahead<>(entry, t, event, sink.prepare(event), null);
        } catch (RuntimeException e) {
            return new Ahead<>(entry, t, event, null, e);
        }
    }

    private boolean beyondDuration(long due) {
        long limit = plan.duration().toNanos();
        return plan.schedule().mode() == Schedule.Mode.MAX ? ticker.nanoTime() - startNanos >= limit : due >= limit;
    }

    private void send(Ahead<P> a, long due) {
        long sendNanos = ticker.nanoTime();
        long intended = plan.schedule().mode() == Schedule.Mode.MAX ? sendNanos : startNanos + due;
        stats.dispatched(due);
        if (a.failure() != null) {
            stats.failed(a.failure());
        } else {
            sink.send(a.prepared(), error -> {
                long now = ticker.nanoTime();
                if (error == null) {
                    stats.acked(intended, sendNanos, now);
                } else {
                    stats.failed(error);
                }
            });
        }
        stats.countSent();
        index++;
        listener.sent(index, sendNanos, a.event());
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
