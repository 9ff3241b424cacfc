package vn.ndxp.loadtest;

import java.util.function.Consumer;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * Where a replay sends events: Kafka in practice, a fake with a controllable clock in tests.
 *
 * <p>An event goes in two steps, as a simulated record goes to a
 * {@link vn.ndxp.simulator.output.RecordSink}: {@link #prepare} runs ahead of the sends, on the
 * thread that reads the file (serializing, say), and {@link #send} on the sending thread when the
 * schedule says so, with what {@code prepare} made. At full speed the sending thread sets the pace,
 * so the less it has left to do, the faster.
 *
 * @param <P> what {@code prepare} makes of an event for its send
 */
public interface EventSink<P> extends AutoCloseable {

    /**
     * Gets ready before the replay's clock starts (connections, metadata, schema registration), so
     * that the first events are not charged for set-up work that is not load.
     */
    default void warmUp() {}

    /**
     * Called for every event, in order, before its send; on the read-ahead thread, or on the sending
     * thread when the event's content depends on the moment it is sent. An exception here is that
     * event's failed send.
     */
    P prepare(DataExchangeEvent event);

    /**
     * Sends one prepared event; may block while the destination is full (that is the back-pressure a
     * load test must see). {@code done} is called exactly once, from any thread, with null when the
     * destination acknowledged the event or with the failure.
     */
    void send(P prepared, Consumer<Exception> done);

    /** Returns once every event sent so far is acknowledged or failed. */
    void flush();

    @Override
    void close();
}
