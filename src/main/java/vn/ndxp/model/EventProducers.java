package vn.ndxp.model;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.SchemaRegistryClient;

/**
 * Producers of DataExchangeEvents to the input topic: key = eventId (so that every copy of an
 * event reaches the same partition and its duplicates are recognised), value Confluent-framed
 * Avro, record timestamp = requestTime (the topics ndxp creates replace it with the arrival time,
 * see {@link vn.ndxp.model.Topics.TopicSpec}). Idempotent and acks=all, so a retried send never
 * duplicates.
 */
public final class EventProducers {
    private EventProducers() {}

    /** @param kafkaProps client properties; they override the defaults chosen here */
    public static Producer<String, DataExchangeEvent> create(Map<String, Object> kafkaProps, SchemaRegistryClient registry) {
        return new KafkaProducer<>(properties(kafkaProps), new StringSerializer(),
                ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class).serializer());
    }

    /** Safe and fast producer settings, then the given properties unchanged. */
    public static Map<String, Object> properties(Map<String, Object> kafkaProps) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putAll(kafkaProps);
        return props;
    }

    public static ProducerRecord<String, DataExchangeEvent> record(String topic, DataExchangeEvent event) {
        return new ProducerRecord<>(topic, null, event.getRequestTime().toEpochMilli(), event.getEventId(), event);
    }
}
