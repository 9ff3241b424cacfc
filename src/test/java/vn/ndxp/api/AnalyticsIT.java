package vn.ndxp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.Service;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.simulator.scenario.ScenarioParser;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.topology.DailyCountsTopology;
import vn.ndxp.topology.InputRules;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.HealthStats;
import vn.ndxp.topology.analytics.LatencyBuckets;

/**
 * Two streams instances (same application id, their own state and API ports) on the real embedded
 * broker, fed a simulated working day of the default catalog with a provider outage, topped up so
 * that every service is called: the query API answers the same from either instance, quantiles
 * match the events' own within the sketch's error, and after one instance stops the other serves
 * everything from the changelogs, with /metrics under its series bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsIT {
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);
    private static final String OUTAGE = "BCA_CSDLQGDC";
    /** The documented bound of the whole /metrics exposition for the default catalog (README). */
    private static final int SERIES_BOUND = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static StreamsApp a;
    static StreamsApp b;
    static final Catalog CATALOG = CatalogLoader.builtIn();
    static final Map<String, List<Integer>> latencies = new HashMap<>();
    static final Map<String, long[]> agencyTotals = new HashMap<>();
    static long events;
    static final Map<String, String> answers = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6);
        a = instance("a");
        b = instance("b");
    }

    private static StreamsApp instance(String name) {
        return StreamsApp.start(StreamsApp.Options.of(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                "analytics-it", dir.resolve(name))
                // A stopped instance does not leave the group: the short session makes the other take over soon.
                .withKafkaProperties(Map.of("commit.interval.ms", 100, "session.timeout.ms", 6_000,
                        "heartbeat.interval.ms", 1_000, "num.standby.replicas", 1))
                .withCounting(new StreamsApp.Options.Counting(DailyCountsTopology.DEFAULT_GRACE,
                        InputRules.defaults(CatalogCodes.from(CATALOG)), CATALOG, AnalyticsConfig.defaults())), () -> { });
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, platform}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
    }

    private static String api(StreamsApp app) {
        return "http://127.0.0.1:" + app.apiPort();
    }

    private static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** GET that must answer 200 (an AssertionError otherwise, so that awaits try again). */
    private static JsonNode ok(String url) throws IOException {
        HttpResponse<String> r = Http.get(url);
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void aDayOfTrafficIsCountedAndAnsweredTheSameByBothInstances() throws Exception {
        send();
        String[] paths = {
            "/api/v1/agencies",
            "/api/v1/agencies/BCA/daily?date=" + DAY,
            "/api/v1/agencies/VPCP/daily?date=" + DAY,
            "/api/v1/services/" + OUTAGE + "/health?window=1d&date=" + DAY,
            "/api/v1/services/" + OUTAGE + "/health?window=1m&minutes=3",
            "/api/v1/services/BTC_THUE_TMS/health?window=1d",
            "/api/v1/flows?date=" + DAY,
            "/api/v1/flows?date=" + DAY + "&offset=5&limit=5",
            "/api/v1/flows?date=" + DAY + "&agency=BCA&limit=1000",
            "/api/v1/platform?date=" + DAY,
            "/api/v1/alerts",
            "/api/v1/alerts?limit=1",
        };
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode platformDay = ok(api(a) + "/api/v1/platform?date=" + DAY);
            assertThat(platformDay.get("total").asLong()).isEqualTo(events);
            JsonNode flows = ok(api(b) + "/api/v1/flows?date=" + DAY);
            assertThat(flows.get("total").asLong()).isEqualTo(events);
            JsonNode alerts = ok(api(b) + "/api/v1/alerts");
            assertThat(alerts.get("alerts").size()).as("the outage raised and cleared").isGreaterThanOrEqualTo(2);
        });
        for (String path : paths) {
            HttpResponse<String> fromA = Http.get(api(a) + path);
            HttpResponse<String> fromB = Http.get(api(b) + path);
            assertThat(fromA.statusCode()).as(path).isEqualTo(200);
            assertThat(fromB.body()).as(path).isEqualTo(fromA.body());
            answers.put(path, fromA.body());
        }

        for (StreamsApp app : List.of(a, b)) {
            JsonNode instances = ok(api(app) + "/api/v1/instances");
            assertThat(instances.get("self").asText()).isEqualTo("127.0.0.1:" + app.apiPort());
            assertThat(instances.get("instances")).hasSize(2);
            for (JsonNode i : instances.get("instances")) {
                assertThat(i.get("self").asBoolean()).isEqualTo(i.get("server").asText().equals(instances.get("self").asText()));
                assertThat(i.get("state").asText()).isEqualTo("RUNNING");
                assertThat(i.get("active").get("stores")).isNotEmpty();
                assertThat(i.get("standby").get("stores")).as("num.standby.replicas=1").isNotEmpty();
            }
        }

        JsonNode flows = json(answers.get("/api/v1/flows?date=" + DAY));
        JsonNode page2 = json(answers.get("/api/v1/flows?date=" + DAY + "&offset=5&limit=5"));
        assertThat(page2.get("total").asLong()).as("the day's total, not the page's").isEqualTo(events);
        assertThat(page2.get("page").get("count").asInt()).isEqualTo(flows.get("page").get("count").asInt());
        for (int i = 0; i < 5; i++) {
            assertThat(page2.get("flows").get(i)).isEqualTo(flows.get("flows").get(5 + i));
        }
        assertThat(page2.get("page").get("next").asText()).isEqualTo("/api/v1/flows?date=" + DAY + "&offset=10&limit=5");
        JsonNode bcaFlows = json(answers.get("/api/v1/flows?date=" + DAY + "&agency=BCA&limit=1000"));
        long bcaToBca = 0;
        for (JsonNode f : bcaFlows.get("flows")) {
            assertThat(List.of(f.get("consumer").asText(), f.get("provider").asText())).as("a flow of BCA's").contains("BCA");
            bcaToBca += f.get("consumer").asText().equals(f.get("provider").asText()) ? f.get("counts").get("total").asLong() : 0;
        }
        assertThat(bcaFlows.get("total").asLong()).as("BCA's calls, each once")
                .isEqualTo(agencyTotals.get("BCA")[1] + agencyTotals.getOrDefault("BCA", new long[2])[0] - bcaToBca);
        JsonNode onePerPage = json(answers.get("/api/v1/alerts?limit=1"));
        assertThat(onePerPage.get("alerts")).hasSize(1);
        JsonNode next = ok(api(a) + onePerPage.get("page").get("next").asText());
        assertThat(next.get("alerts").get(0)).isEqualTo(json(answers.get("/api/v1/alerts")).get("alerts").get(1));

        JsonNode bca = json(answers.get("/api/v1/agencies/BCA/daily?date=" + DAY));
        assertThat(bca.get("agency").asText()).isEqualTo("BCA");
        assertThat(bca.get("date").asText()).isEqualTo(DAY.toString());
        assertThat(bca.get("provider").asLong()).isEqualTo(agencyTotals.get("BCA")[1]);
        assertThat(bca.get("consumer").asLong()).isEqualTo(agencyTotals.getOrDefault("BCA", new long[2])[0]);
        assertThat(bca.get("providerByStatus").get("providerError").asLong()).as("the outage").isPositive();
        JsonNode agencies = json(answers.get("/api/v1/agencies"));
        assertThat(agencies.get("date").asText()).isEqualTo(DAY.toString());
        assertThat(agencies.get("agencies")).hasSize(CATALOG.agencyCount());

        JsonNode alerts = json(answers.get("/api/v1/alerts"));
        List<String> outage = new ArrayList<>();
        alerts.get("alerts").forEach(x -> {
            if (x.get("subject").asText().equals(OUTAGE) && x.get("type").asText().equals("PROVIDER_ERROR_RATIO")) {
                outage.add(x.get("state").asText() + "@" + x.get("time").asText());
            }
        });
        assertThat(outage).hasSize(2);
        assertThat(outage.get(0)).startsWith("RAISED@2024-04-24T09:0");
        assertThat(outage.get(1)).startsWith("CLEARED@2024-04-24T09:3");
    }

    @Test
    @Order(2)
    void latencyQuantilesMatchTheEventsWithinTheSketchErrorAndTheHistogramExactly() throws IOException {
        List<String> systems = List.of(OUTAGE, "BTC_THUE_TMS", "BHXH_CSDLQG_BH");
        for (String system : systems) {
            JsonNode day = ok(api(b) + "/api/v1/services/" + system + "/health?window=1d&date=" + DAY);
            JsonNode total = day.get("windows").get(0).get("total");
            int[] sorted = latencies.get(system).stream().mapToInt(Integer::intValue).sorted().toArray();
            assertThat(total.get("requests").asLong()).as(system).isEqualTo(sorted.length);
            for (String[] q : new String[][] {{"p50", "0.5"}, {"p95", "0.95"}, {"p99", "0.99"}}) {
                double exact = sorted[(int) Math.floor(Double.parseDouble(q[1]) * (sorted.length - 1))];
                assertThat(total.get("latencyMs").get(q[0]).asDouble()).as(system + " " + q[0])
                        .isCloseTo(exact, within(exact * HealthStats.RELATIVE_ACCURACY + 0.01));
            }
        }
        // The histogram on /metrics: each instance exports what its own tasks counted (TaskCounters),
        // however the tasks moved between them; summed over both, every request once, in its bucket.
        double[] bounds = LatencyBuckets.upperBoundsSeconds();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Map<String, Double>> scrapes = List.of(metrics(a), metrics(b));
            for (String system : systems) {
                List<Integer> ms = latencies.get(system);
                String of = "provider_system=\"" + system + "\"";
                for (double le : bounds) {
                    String bucket = "le=\"" + (Double.isInfinite(le) ? "+Inf" : Double.toString(le)) + "\"";
                    assertThat(sum(scrapes, "ndxp_service_latency_seconds_bucket{", of, bucket)).as(system + " " + bucket)
                            .isEqualTo(ms.stream().filter(d -> d <= le * 1000).count());
                }
                assertThat(sum(scrapes, "ndxp_service_latency_seconds_count{", of)).isEqualTo(ms.size());
                assertThat(sum(scrapes, "ndxp_service_latency_seconds_sum{", of))
                        .isCloseTo(ms.stream().mapToLong(Integer::longValue).sum() / 1000.0, within(1e-6));
            }
        });
    }

    private static Map<String, Double> metrics(StreamsApp app) throws IOException {
        return PrometheusText.parse(Http.get("http://127.0.0.1:" + app.metricsPort() + "/metrics").body());
    }

    /** The sum over scrapes of the series of a family (its name and "{") whose keys contain every given label. */
    private static double sum(List<Map<String, Double>> scrapes, String family, String... labels) {
        double sum = 0;
        for (Map<String, Double> samples : scrapes) {
            for (Map.Entry<String, Double> e : samples.entrySet()) {
                if (e.getKey().startsWith(family) && Arrays.stream(labels).allMatch(e.getKey()::contains)) {
                    sum += e.getValue();
                }
            }
        }
        return sum;
    }

    @Test
    @Order(3)
    void errorsAreJsonWithTheRightStatus() throws IOException {
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("/api/v1/agencies/NOPE/daily?date=2024-04-24", 404),
                Map.entry("/api/v1/agencies/BCA/daily?date=24-04-2024", 400),
                Map.entry("/api/v1/services/NOPE/health", 404),
                Map.entry("/api/v1/services/" + OUTAGE + "/health?window=5m", 400),
                Map.entry("/api/v1/services/" + OUTAGE + "/health?window=1m&minutes=0", 400),
                Map.entry("/api/v1/flows?date=yesterday", 400),
                Map.entry("/api/v1/flows?agency=NOPE", 404),
                Map.entry("/api/v1/alerts?since=last-week", 400),
                Map.entry("/api/v1/alerts?limit=1001", 400),
                Map.entry("/api/v1/flows?offset=-1", 400),
                Map.entry("/api/v1/nothing-here", 404));
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpResponse<String> r = Http.get(api(a) + e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            JsonNode error = json(r.body());
            assertThat(error.get("status").asInt()).isEqualTo(e.getValue());
            assertThat(error.get("message").asText()).isNotEmpty();
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    @Order(4)
    void afterOneInstanceStopsTheOtherAnswersTheSameAndMetricsStayUnderTheBound() throws IOException {
        b.close();
        b = null;
        // b left the group as it closed: a takes its partitions over (from its standbys). While they move,
        // a answers from the standbys (marked stale) or says 503; it never leaves a part out.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (Map.Entry<String, String> e : answers.entrySet()) {
                HttpResponse<String> r = Http.get(api(a) + e.getKey());
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("Retry-After")).as(e.getKey()).isPresent();
                }
                assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(200);
                JsonNode body = json(r.body());
                if (body.path("stale").asBoolean()) {
                    assertThat(r.headers().firstValue("Ndxp-Stale")).hasValue("true");
                    // Caught up, traffic having ended: at most the commit marker of the last transaction.
                    assertThat(body.path("standbyOffsetLag").asLong()).isBetween(0L, 1L);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove(List.of("stale", "standbyOffsetLag"));
                }
                if (!body.equals(json(e.getValue()))) {
                    // Not a moment to wait out: an answer of 200 must be whole.
                    throw new IllegalStateException(e.getKey() + " answered 200 with a part left out: " + r.body());
                }
            }
        });
        int providers = CATALOG.providers().size();
        // The analytics metrics are read from the stores at most every 2 s: the taken-over ones come a little later.
        Map<String, Double> samples = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> metrics(a), m -> count(m, "ndxp_service_requests_total{") == (long) providers * ExchangeStatus.values().length);
        assertThat(samples.size()).as("series on /metrics").isLessThan(SERIES_BOUND);
        assertThat(count(samples, "ndxp_service_latency_seconds_bucket{")).isEqualTo((long) providers * LatencyBuckets.BUCKETS);
        assertThat(count(samples, "ndxp_service_latency_seconds_count{")).isEqualTo(providers);
        assertThat(count(samples, "ndxp_event_lag_seconds_bucket{")).isBetween(10L, 20L);
        assertThat(samples.get("ndxp_event_lag_seconds_count")).as("the events this instance processed itself")
                .isPositive().isLessThanOrEqualTo((double) events);
        // The counters are what this instance's tasks counted while they ran here (TaskCounters), the
        // taken-over ones from where b left them; the exact values were compared through the API above.
        assertThat(samples.get(PrometheusText.key("ndxp_alerts_total", "type", "PROVIDER_ERROR_RATIO"))).isNotNull();
        assertThat(samples.get(PrometheusText.key("ndxp_service_requests_total", "provider_agency", "BCA",
                "provider_system", OUTAGE, "status", "PROVIDER_ERROR"))).isNotNull();
        System.out.printf("/metrics: %d series (%d ndxp_, %d kafka_, %d jvm_/process_/system_)%n", samples.size(),
                count(samples, "ndxp_"), count(samples, "kafka_"),
                count(samples, "jvm_") + count(samples, "process_") + count(samples, "system_"));
    }

    private static long count(Map<String, Double> samples, String prefix) {
        return samples.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    }

    /** A working day at a scaled-down volume, BCA's population database failing 09:00-09:30, every service called. */
    private static void send() {
        SimulationOptions options = new SimulationOptions(DAY, 1, 11, 100_000, 0,
                List.of(ScenarioParser.parse("outage:system=" + OUTAGE + ",from=09:00,to=09:30,mode=fail")));
        Set<String> called = new HashSet<>();
        try (Producer<String, DataExchangeEvent> producer = EventProducers.create(
                Map.of("bootstrap.servers", platform.bootstrapServers()),
                new RestSchemaRegistryClient(platform.schemaRegistryUrl()))) {
            Simulation simulation = new Simulation(CATALOG, options);
            while (simulation.hasNext()) {
                DataExchangeEvent e = simulation.next().event();
                called.add(e.getServiceCode());
                send(producer, e);
            }
            Instant noon = Instant.parse("2024-04-24T05:00:00Z");
            String caller = CATALOG.consumers().get(0).code();
            for (Service s : CATALOG.services()) {
                if (!called.contains(s.code())) {
                    send(producer, DataExchangeEvent.newBuilder().setEventId("top-up-" + s.code()).setRequestTime(noon)
                            .setConsumerAgency(CATALOG.system(caller).orElseThrow().agencyCode()).setConsumerSystem(caller)
                            .setProviderAgency(s.agencyCode()).setProviderSystem(s.systemCode()).setServiceCode(s.code())
                            .setStatus(ExchangeStatus.SUCCESS).setDurationMs(100).setRequestBytes(500).setResponseBytes(900)
                            .setGateway("NDXP").build());
                }
            }
            producer.flush();
        }
    }

    private static void send(Producer<String, DataExchangeEvent> producer, DataExchangeEvent e) {
        producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, e));
        events++;
        latencies.computeIfAbsent(e.getProviderSystem(), k -> new ArrayList<>()).add(e.getDurationMs());
        agencyTotals.computeIfAbsent(e.getConsumerAgency(), k -> new long[2])[0]++;
        agencyTotals.computeIfAbsent(e.getProviderAgency(), k -> new long[2])[1]++;
    }
}
