package vn.ndxp.testing;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.RestSchemaRegistryClient;

/**
 * Sends a ground truth's events to the input topic on its own thread, at a steady rate so that
 * sending and processing overlap (a crash then really hits the middle of a replay). The producer
 * is the project's own: idempotent, acks=all, retrying through broker outages.
 */
public final class TruthSender implements AutoCloseable {
    private final Thread thread;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private volatile boolean done;

    /**
     * @param from       index of the first event to send
     * @param to         index after the last one
     * @param perSecond  pace
     * @param kafkaProps producer settings on top of the project's defaults
     */
    public TruthSender(SeededDay truth, int from, int to, double perSecond, Map<String, Object> kafkaProps, String registryUrl) {
        Producer<String, DataExchangeEvent> producer = EventProducers.create(kafkaProps, new RestSchemaRegistryClient(registryUrl));
        thread = new Thread(() -> run(producer, truth, from, to, perSecond), "truth-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Producer<String, DataExchangeEvent> producer, SeededDay truth, int from, int to, double perSecond) {
        try (producer) {
            Iterator<DataExchangeEvent> events = truth.events();
            long start = System.nanoTime();
            long nanosPerEvent = (long) (1e9 / perSecond);
            for (int i = 0; i < to; i++) {
                DataExchangeEvent e = events.next();
                if (i < from) {
                    continue;
                }
                long due = start + (i - from) * nanosPerEvent;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing, not synchronisation
                }
                producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, e), (meta, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
        } finally {
            done = true;
        }
    }

    public boolean done() {
        return done;
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public Throwable firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() throws InterruptedException {
        thread.join(60_000);
    }
}
