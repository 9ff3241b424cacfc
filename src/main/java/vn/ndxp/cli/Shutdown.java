package vn.ndxp.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks a long-running command until Ctrl-C or SIGTERM, then lets it close its resources before
 * the JVM exits: the shutdown hook waits until the command says it is done.
 */
final class Shutdown {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    Shutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            requested.countDown();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ndxp-shutdown"));
    }

    void awaitRequest() throws InterruptedException {
        requested.await();
    }

    /** Ends the wait early, e.g. when a component failed on its own. */
    void request() {
        requested.countDown();
    }

    void done() {
        finished.countDown();
    }
}
