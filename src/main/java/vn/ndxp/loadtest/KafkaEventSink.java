package vn.ndxp.loadtest;

import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * Sends to a topic with a producer from {@link EventProducers}: key = eventId, value
 * Confluent-framed Avro, timestamp = requestTime, idempotent with acks=all. An event is
 * acknowledged when the broker confirmed it to all in-sync replicas.
 */
public final class KafkaEventSink implements EventSink {
    private final Producer<String, DataExchangeEvent> producer;
    private final String topic;
    private final Runnable registerSchema;

    /** @param registerSchema registers the value schema of the topic, as the serializer would on first use */
    public KafkaEventSink(Producer<String, DataExchangeEvent> producer, String topic, Runnable registerSchema) {
        this.producer = producer;
        this.topic = topic;
        this.registerSchema = registerSchema;
    }

    @Override
    public void prepare() {
        producer.partitionsFor(topic);
        registerSchema.run();
    }

    @Override
    public void send(DataExchangeEvent event, Consumer<Exception> done) {
        try {
            producer.send(EventProducers.record(topic, event), (meta, error) -> done.accept(error));
        } catch (InterruptException e) {
            throw e; // the replay is being stopped: not a failed send
        } catch (KafkaException e) {
            // Raised before the record was queued (serialization, buffer full past max.block.ms): a failed send.
            done.accept(e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
