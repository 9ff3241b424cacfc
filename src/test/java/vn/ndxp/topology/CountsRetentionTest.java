package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.metrics.CountsReader;
import vn.ndxp.metrics.DailyCountsMetrics;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.Events;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.TestTopologies;

/**
 * The daily counts keep {@code --counts-retention} days, and the metrics read one key per agency
 * and role, however many days are kept.
 */
class CountsRetentionTest {
    private static final Duration GRACE = Duration.ofHours(6);
    private static final Duration RETENTION = Duration.ofDays(3);
    private static final LocalDate FIRST = LocalDate.of(2024, 4, 22);
    private static final int DAYS = 6;

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<DataExchangeEvent> eventSerde = ConfluentAvroSerde.forValues(registry, DataExchangeEvent.class);
    private final ConfluentAvroSerde<AgencyDailyCount> countSerde = ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private KeyValueStore<String, AgencyDailyCount> counts;
    private KeyValueStore<String, AgencyTotals> totals;
    /** Micrometer holds function meters' state weakly: the test keeps it, as StreamsApp does. */
    private DailyCountsMetrics metrics;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "counts-retention-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DailyCountsTopology.build(GRACE, RETENTION,
                InputRules.defaults(CatalogCodes.builtIn()), ExchangeEventDeserializer.serde(registry), countSerde,
                TestTopologies.analytics(registry), TaskCounters.discarding()), props);
        input = driver.createInputTopic(Topics.EXCHANGE_EVENTS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        counts = driver.getKeyValueStore(Names.DAILY_COUNTS_STORE);
        totals = driver.getKeyValueStore(Names.AGENCY_TOTALS_STORE);
        metrics = new DailyCountsMetrics(CountsReader.of(totals, driver.getKeyValueStore(Names.HYGIENE_STORE)));
        metrics.bindTo(prometheus);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Day {@code d} (0-based) gets d + 1 transactions VPCP -> BCA, one of them a timeout; then a minute passes. */
    private void countDays() {
        for (int d = 0; d < DAYS; d++) {
            Instant noon = FIRST.plusDays(d).atTime(12, 0).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).toInstant();
            for (int i = 0; i <= d; i++) {
                DataExchangeEvent e = Events.event("VPCP", "BCA", noon.plusSeconds(i),
                        i == 0 ? ExchangeStatus.TIMEOUT : ExchangeStatus.SUCCESS);
                input.pipeInput(e.getEventId().getBytes(StandardCharsets.UTF_8),
                        eventSerde.serializer().serialize(Topics.EXCHANGE_EVENTS, e));
            }
            TestTopologies.flush(driver);
            driver.advanceWallClockTime(CountsReporter.PURGE_EVERY);
        }
    }

    private List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void daysOlderThanTheRetentionAreRemovedFromTheStoreAndTheOutputTopic() {
        TestOutputTopic<String, AgencyDailyCount> output = driver.createOutputTopic(Topics.AGENCY_DAILY_COUNTS,
                Serdes.String().deserializer(), countSerde.deserializer());

        countDays();

        assertThat(keys(counts)).as("the newest day and the two before it").containsExactlyInAnyOrder(
                "VPCP/consumer/2024-04-25", "VPCP/consumer/2024-04-26", "VPCP/consumer/2024-04-27",
                "BCA/provider/2024-04-25", "BCA/provider/2024-04-26", "BCA/provider/2024-04-27");
        assertThat(counts.get("VPCP/consumer/2024-04-27").getTotal()).isEqualTo(6);
        List<String> removed = output.readKeyValuesToList().stream().filter(kv -> kv.value == null)
                .map(kv -> kv.key).toList();
        assertThat(removed).containsExactlyInAnyOrder("VPCP/consumer/2024-04-22", "VPCP/consumer/2024-04-23",
                "VPCP/consumer/2024-04-24", "BCA/provider/2024-04-22", "BCA/provider/2024-04-23", "BCA/provider/2024-04-24");
    }

    @Test
    void theMetricsReadOneKeyPerAgencyAndKeepTheTotalsOfRemovedDays() {
        countDays();

        assertThat(keys(totals)).as("one key per agency and role, whatever the days kept")
                .containsExactlyInAnyOrder("VPCP/consumer", "BCA/provider");
        AgencyTotals vpcp = totals.get("VPCP/consumer");
        assertThat(vpcp.newestDay()).isEqualTo(FIRST.plusDays(DAYS - 1).toEpochDay());
        assertThat(vpcp.newestTotal()).isEqualTo(DAYS);
        metrics.refresh(); // as before every scrape of the app
        Map<String, Double> m = PrometheusText.parse(prometheus.scrape());
        assertThat(m.get(PrometheusText.key("ndxp_agency_transactions_today", "agency", "VPCP", "role", "consumer")))
                .isEqualTo(6.0);
        assertThat(m.get("ndxp_platform_transactions_today")).isEqualTo(6.0);
        assertThat(m.get("ndxp_platform_transactions_total")).as("1 + 2 + ... + 6, removed days too").isEqualTo(21.0);
        assertThat(m.get(PrometheusText.key("ndxp_transactions_total", "agency", "BCA", "role", "provider", "status", "TIMEOUT")))
                .as("one a day").isEqualTo(6.0);
    }

    @Test
    void aRetentionThatAnEventCouldOutliveIsRefused() {
        assertThatThrownBy(() -> DailyCountsTopology.checkCountsRetention(Duration.ofDays(2), GRACE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least the grace plus 2 days");
        assertThatThrownBy(() -> DailyCountsTopology.checkCountsRetention(Duration.ofHours(80), GRACE))
                .as("whole days").isInstanceOf(IllegalArgumentException.class);
        DailyCountsTopology.checkCountsRetention(Duration.ofDays(3), GRACE);
    }
}
