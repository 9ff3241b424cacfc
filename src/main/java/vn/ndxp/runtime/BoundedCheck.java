package vn.ndxp.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import vn.ndxp.metrics.export.MetricsServer.Check;

/**
 * A check that may be slow (it asks the cluster) behind a probe that must not be: it runs on its
 * own thread, at most once per {@code maxAge}, one run at a time, and a caller waits for a run at
 * most {@code maxWait}. A run that takes longer makes the answer "not ready: not answering", with
 * the last known state for the reader, until it ends; a hung run never holds an HTTP thread.
 */
final class BoundedCheck implements AutoCloseable {
    private final Supplier<Check> evaluate;
    private final long maxAgeNanos;
    private final Duration maxWait;
    private final String what;
    private final ExecutorService runner;
    private Check last;
    private long lastNanos;
    private CompletableFuture<Check> running;
    private long runningSinceNanos;

    /** @param what what is not answering when a run is late, e.g. "the cluster" */
    BoundedCheck(Supplier<Check> evaluate, Duration maxAge, Duration maxWait, String what) {
        this.evaluate = evaluate;
        this.maxAgeNanos = maxAge.toNanos();
        this.maxWait = maxWait;
        this.what = what;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "readiness-check");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a run if the last answer is stale and none is running; never waits. */
    synchronized void refresh() {
        long now = System.nanoTime();
        if ((last == null || now - lastNanos > maxAgeNanos) && running == null) {
            runningSinceNanos = now;
            running = CompletableFuture.supplyAsync(this::evaluateAndKeep, runner);
        }
    }

    Check get() {
        CompletableFuture<Check> run;
        long since;
        synchronized (this) {
            long now = System.nanoTime();
            if (last != null && now - lastNanos <= maxAgeNanos) {
                return last;
            }
            refresh();
            run = running;
            since = runningSinceNanos;
        }
        try {
            return run.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return late(since);
        } catch (ExecutionException e) {
            return Check.down("the check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.down("interrupted");
        }
    }

    private Check evaluateAndKeep() {
        Check check;
        try {
            check = evaluate.get();
        } catch (RuntimeException e) {
            check = Check.down("the check failed: " + e);
        }
        synchronized (this) {
            last = check;
            lastNanos = System.nanoTime();
            running = null;
        }
        return check;
    }

    private synchronized Check late(long sinceNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
        return Check.down(what + " not answering (no answer for " + ms + " ms)"
                + (last == null ? "" : "; last known: " + (last.ok() ? "ready, " : "not ready, ") + last.detail()));
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
