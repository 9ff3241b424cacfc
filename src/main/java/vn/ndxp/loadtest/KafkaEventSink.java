package vn.ndxp.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.SchemaRegistryClient;

/**
 * Sends to a topic as {@link EventProducers} would: key = eventId, value Confluent-framed Avro,
 * timestamp = requestTime, idempotent with acks=all. An event is acknowledged when the broker
 * confirmed it to all in-sync replicas.
 *
 * <p>Key and value are serialized ahead of the send ({@link #prepare}), on the read-ahead thread:
 * the sending thread only hands bytes to the producer. Serializing there had held {@code replay --max}
 * to about a quarter of a million events a second.
 */
public final class KafkaEventSink implements EventSink<ProducerRecord<byte[], byte[]>> {
    private final Producer<byte[], byte[]> producer;
    private final Serializer<DataExchangeEvent> serializer;
    private final SchemaRegistryClient registry;
    private final String topic;

    /**
     * @param kafkaProps client properties, over {@link EventProducers#properties}'s
     * @param registry   one client for the warm-up's registration and the serializer, which then
     *                   finds the schema's id in its cache
     */
    public KafkaEventSink(Map<String, Object> kafkaProps, SchemaRegistryClient registry, String topic) {
        this.producer = new KafkaProducer<>(EventProducers.properties(kafkaProps), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.serializer = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class).serializer();
        this.registry = registry;
        this.topic = topic;
    }

    @Override
    public void warmUp() {
        producer.partitionsFor(topic);
        registry.register(topic + "-value", DataExchangeEvent.getClassSchema());
    }

    @Override
    public ProducerRecord<byte[], byte[]> prepare(DataExchangeEvent event) {
        return new ProducerRecord<>(topic, null, event.getRequestTime().toEpochMilli(),
                event.getEventId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, event));
    }

    @Override
    public void send(ProducerRecord<byte[], byte[]> record, Consumer<Exception> done) {
        try {
            producer.send(record, (meta, error) -> done.accept(error));
        } catch (InterruptException e) {
            throw e; // the replay is being stopped: not a failed send
        } catch (KafkaException e) {
            // Raised before the record was queued (buffer full past max.block.ms): a failed send.
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
