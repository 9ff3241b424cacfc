package vn.ndxp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.TestTopologies;
import vn.ndxp.topology.DailyCountsTopology;
import vn.ndxp.topology.InputRules;
import vn.ndxp.topology.Names;

/** The dedup's bound as Prometheus sees it: ids remembered, the bound, ids forgotten early. */
class DedupMetricsTest {
    private static final Instant NOW = Instant.parse("2024-04-24T05:00:00Z");
    private static final Instant TWO = Instant.parse("2024-04-24T02:00:00Z");
    private static final Instant THREE = Instant.parse("2024-04-24T03:00:00Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    /** Micrometer holds function meters' state weakly: the test keeps it, as StreamsApp does. */
    private DailyCountsMetrics metrics;

    private void start(int dedupMaxIds) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        InputRules rules = InputRules.defaults(CatalogCodes.builtIn()).withDedupMaxIds(dedupMaxIds);
        driver = new TopologyTestDriver(DailyCountsTopology.build(DailyCountsTopology.DEFAULT_GRACE, rules,
                ExchangeEventDeserializer.serde(registry), ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class),
                TestTopologies.analytics(registry)), props, NOW);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        KeyValueStore<String, Long> hygiene = driver.getKeyValueStore(Names.HYGIENE_STORE);
        metrics = new DailyCountsMetrics(() -> {
            CountsSnapshot snapshot = new CountsSnapshot();
            try (KeyValueIterator<String, Long> it = hygiene.all()) {
                it.forEachRemaining(kv -> snapshot.addHygiene(kv.key, kv.value));
            }
            return snapshot;
        });
        metrics.bindTo(prometheus);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(DataExchangeEvent e) {
        input.pipeInput(e.getEventId().getBytes(StandardCharsets.UTF_8), eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e));
    }

    private Map<String, Double> scrape() {
        metrics.refresh();
        return PrometheusText.parse(prometheus.scrape());
    }

    @Test
    void belowTheBoundEveryIdIsRememberedAndNoneForgottenEarly() {
        start(InputRules.DEFAULT_DEDUP_MAX_IDS);
        for (int i = 0; i < 3; i++) {
            send(Events.event("VPCP", "BCA", TWO));
        }
        Map<String, Double> m = scrape();
        assertThat(m.get("ndxp_dedup_ids")).isEqualTo(3.0);
        assertThat(m.get("ndxp_dedup_max_ids")).isEqualTo((double) InputRules.DEFAULT_DEDUP_MAX_IDS);
        assertThat(m.get("ndxp_dedup_ids_forgotten_early_total")).as("exported from 0").isEqualTo(0.0);
    }

    @Test
    void atTheBoundTheOldestHourIsForgottenAndCountedAndItsRedeliveriesAreNoLongerRecognised() {
        start(3);
        DataExchangeEvent early = Events.event("VPCP", "BCA", TWO);
        send(early);
        send(Events.event("VPCP", "BCA", TWO.plusSeconds(60)));
        DataExchangeEvent kept = Events.event("VPCP", "BCA", THREE);
        send(kept);
        Map<String, Double> atTheBound = scrape();
        assertThat(atTheBound.get("ndxp_dedup_ids")).isEqualTo(3.0);
        assertThat(atTheBound.get("ndxp_dedup_ids_forgotten_early_total")).isEqualTo(0.0);

        send(Events.event("VPCP", "BCA", THREE.plusSeconds(60)));
        send(DataExchangeEvent.newBuilder(kept).build());
        send(DataExchangeEvent.newBuilder(early).build());
        Map<String, Double> m = scrape();
        assertThat(m.get("ndxp_dedup_ids")).as("the 03:00 hour's two").isEqualTo(2.0);
        assertThat(m.get("ndxp_dedup_max_ids")).isEqualTo(3.0);
        assertThat(m.get("ndxp_dedup_ids_forgotten_early_total")).as("the 02:00 hour's two").isEqualTo(2.0);
        assertThat(m.get("ndxp_events_duplicate_total")).as("the copy of the kept hour's event only").isEqualTo(1.0);
        assertThat(TestTopologies.totalAfterFlush(driver, "VPCP/consumer/2024-04-24"))
                .as("the copy of the forgotten hour's event counts again: what the bound costs").isEqualTo(5);
    }
}
