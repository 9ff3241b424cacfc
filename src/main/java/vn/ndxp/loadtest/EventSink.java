package vn.ndxp.loadtest;

import java.util.function.Consumer;
import vn.ndxp.model.avro.DataExchangeEvent;

/** Where a replay sends events: Kafka in practice, a fake with a controllable clock in tests. */
public interface EventSink extends AutoCloseable {

    /**
     * Gets ready before the replay's clock starts (connections, metadata, schema registration), so
     * that the first events are not charged for set-up work that is not load.
     */
    default void prepare() {}

    /**
     * Sends one event; may block while the destination is full (that is the back-pressure a load
     * test must see). {@code done} is called exactly once, from any thread, with null when the
     * destination acknowledged the event or with the failure.
     */
    void send(DataExchangeEvent event, Consumer<Exception> done);

    /** Returns once every event sent so far is acknowledged or failed. */
    void flush();

    @Override
    void close();
}
