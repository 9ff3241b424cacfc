package vn.ndxp.loadtest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) during a load run: stops it, then holds the JVM, for up to 30 s, until the
 * run has reported the work done ({@link #close()}), so that the report still reaches the screen
 * and its file.
 */
public final class StopOnShutdown implements AutoCloseable {
    private static final long REPORT_WAIT_SECONDS = 30;

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    /** @param stop asks the run to end soon, from the hook's thread */
    public StopOnShutdown(String name, Runnable stop) {
        hook = new Thread(() -> {
            stop.run();
            try {
                reported.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The run has reported: a hook under way lets the JVM exit; otherwise the hook is removed. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or ran, which is what stopped the run.
        }
    }
}
