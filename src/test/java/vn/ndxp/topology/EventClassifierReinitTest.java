package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.ndxp.topology.analytics.AnalyticsDriver.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * Kafka Streams keeps a processor instance across its task's close and re-init (a revocation, or a
 * revival after an aborted transaction), with the stores as of the last commit, and then feeds it
 * again the records after that commit: the classifier must not take them for duplicates.
 */
class EventClassifierReinitTest {
    private static final Instant NINE = Instant.parse("2024-04-24T02:00:00Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final InputRules rules = InputRules.defaults(CatalogCodes.builtIn()).withMaxAhead(Duration.ofDays(3650));
    private final MockProcessorContext<byte[], Object> context = new MockProcessorContext<>();
    private final EventClassifier classifier = new EventClassifier(
            ExchangeEventDeserializer.serde(registry, rules.codes().all()).deserializer(), DailyCountsTopology.DEFAULT_GRACE,
            rules, DailyCountsTopology.dedupRetention(DailyCountsTopology.DEFAULT_GRACE, rules));

    @Test
    void aTaskRevivedInPlaceRemembersOnlyTheIdsOfItsLastCommit() {
        KeyValueStore<String, Long> hygiene = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.HYGIENE_STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build();
        hygiene.init(context.getStateStoreContext(), hygiene);
        context.addStateStore(hygiene);
        CommitHookStore ids = (CommitHookStore) CommitHookStore.inMemory(Names.EVENT_IDS_STORE).withLoggingDisabled().build();
        ids.init(context.getStateStoreContext(), ids);
        context.addStateStore(ids);
        context.setCurrentSystemTimeMs(NINE.toEpochMilli());
        classifier.init(context);

        DataExchangeEvent committed = event("VPCP_DVCQG", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN", NINE,
                ExchangeStatus.SUCCESS, 100);
        DataExchangeEvent uncommitted = event("HNI_MOTCUA", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP_CITIZEN",
                NINE.plusSeconds(10), ExchangeStatus.SUCCESS, 100);
        assertThat(classify(committed)).isEqualTo(Names.ANALYTICS_COMBINE);
        ids.flushCache(); // the commit
        assertThat(classify(uncommitted)).isEqualTo(Names.ANALYTICS_COMBINE);

        classifier.close(); // the transaction is aborted; the task is revived with the stores of the last commit
        classifier.init(context);

        assertThat(classify(uncommitted)).as("read again after the revival: counted, once").isEqualTo(Names.ANALYTICS_COMBINE);
        assertThat(classify(uncommitted)).as("and a copy of it now is a duplicate").isNull();
        assertThat(classify(committed)).as("a copy of a committed event").isNull();
        assertThat(hygiene.get(HygieneKeys.DUPLICATE)).isEqualTo(2);
        ids.close();
    }

    /** The node the classifier forwards the event to, or null if none (a duplicate). */
    private String classify(DataExchangeEvent e) {
        context.resetForwards();
        classifier.process(new Record<>(e.getEventId().getBytes(StandardCharsets.UTF_8),
                eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e), e.getRequestTime().toEpochMilli()));
        return context.forwarded().isEmpty() ? null : context.forwarded().get(0).childName().orElseThrow();
    }
}
