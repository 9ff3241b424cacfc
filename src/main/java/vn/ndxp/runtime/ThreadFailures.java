package vn.ndxp.runtime;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.serde.SchemaRegistryException;

/**
 * What a failed stream thread means. An outage of something the app depends on (the schema
 * registry, a broker that does not answer in time) is waited out: the thread is replaced after a
 * growing pause, so the app resumes on its own when the outage ends. Under exactly-once the failed
 * thread's transaction is aborted and its records are read again, so nothing is lost, doubled or
 * sent to the dead letters for it. Anything else is a bug or a setup fault that retrying cannot
 * fix: the client shuts down and the process reports the error.
 */
final class ThreadFailures implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ThreadFailures.class);
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    /** Short enough that a shutdown during the pause still finishes within the close timeout. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** After this long without a failure, the next one starts the pauses over. */
    private static final Duration QUIET_RESET = Duration.ofMinutes(5);

    private final BooleanSupplier closing;
    private int consecutive;
    private long lastFailureNanos;

    /** @param closing true once the app is shutting down: no more pauses or replacements */
    ThreadFailures(BooleanSupplier closing) {
        this.closing = closing;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable e) {
        Throwable cause = transientCause(e);
        if (cause == null) {
            log.error("Stream thread failed: {}", e.toString(), e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (closing.getAsBoolean()) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Duration pause = nextPause();
        log.warn("Stream thread stopped on an outage, replacing it in {} s: {}", pause.toSeconds(), cause.toString());
        sleep(pause);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The first cause that an outage explains, or null if none does. */
    static Throwable transientCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException || t instanceof RetriableException) {
                return t;
            }
        }
        return null;
    }

    private synchronized Duration nextPause() {
        long now = System.nanoTime();
        if (consecutive > 0 && now - lastFailureNanos > QUIET_RESET.toNanos()) {
            consecutive = 0;
        }
        lastFailureNanos = now;
        consecutive++;
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(consecutive - 1, 10));
        return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
    }

    private void sleep(Duration pause) {
        long end = System.nanoTime() + pause.toNanos();
        try {
            while (!closing.getAsBoolean() && System.nanoTime() < end) {
                Thread.sleep(100);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
