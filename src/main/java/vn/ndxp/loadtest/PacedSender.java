package vn.ndxp.loadtest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.EventProducers;

/**
 * Sends events at a steady rate on its own thread until closed. Each event is made for its
 * intended send time, so event time follows the wall clock as it would on the live platform.
 */
public final class PacedSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PacedSender.class);

    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param events makes the event for an intended send time in epoch milliseconds
     */
    public PacedSender(Producer<String, DataExchangeEvent> producer, String topic, double eventsPerSecond,
                       LongFunction<DataExchangeEvent> events) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + eventsPerSecond);
        }
        long intervalNanos = Math.max(1, Math.round(1e9 / eventsPerSecond));
        thread = new Thread(() -> run(producer, topic, intervalNanos, events), "paced-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Producer<String, DataExchangeEvent> producer, String topic, long intervalNanos,
                     LongFunction<DataExchangeEvent> events) {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        long n = 0;
        while (running) {
            long due = startNanos + n * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            DataExchangeEvent event = events.apply(startMillis + (due - startNanos) / 1_000_000);
            producer.send(EventProducers.record(topic, event), (meta, error) -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else if (failed.getAndIncrement() == 0) {
                    log.warn("Sending to {} failed: {}", topic, error.toString());
                }
            });
            n++;
        }
        producer.flush();
    }

    /** Events acknowledged by the broker so far. */
    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
