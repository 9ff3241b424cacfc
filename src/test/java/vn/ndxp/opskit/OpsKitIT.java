package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.simulator.catalog.CatalogLoader;
import vn.ndxp.simulator.catalog.SystemInfo;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.TestPlatform;

/**
 * The ops kit against the real thing: the embedded broker and the streams app counting simulated
 * days, a real Prometheus running the project's prometheus.yml and rules (targets rewritten to
 * this test's ports, scrape and evaluation every second, alerts with {@code for: 0s}), and every
 * query of every Grafana dashboard sent to it.
 *
 * <ol>
 *   <li>Two normal working days: what Prometheus holds equals the simulator's ground truth, agency
 *       by agency, and no agency is silent, though the alert's inputs are there.</li>
 *   <li>A fresh Prometheus, then a day on which every consumer system of Hà Nội (HNI) is silent:
 *       NdxpAgencySilent fires for HNI as consumer, and for nothing else.</li>
 *   <li>Every panel query parses; every panel query on a metric that exists returns data. Queries
 *       on metrics still to come ({@link #PENDING}) and on history older than the test may return
 *       nothing: to require a panel's data, remove its metric from {@link #PENDING}.</li>
 * </ol>
 *
 * The second step needs its own Prometheus: the alert looks at 15 minutes, and in the first
 * Prometheus those 15 minutes hold HNI's normal traffic of the days before. A Prometheus started
 * after them sees HNI's counter flat from its first scrape, as a live one would 15 minutes into
 * the silence.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsKitIT {
    /**
     * Metrics the dashboards and rules use that the app does not export yet, with who brings them.
     * A panel query that names one may return nothing while the metric is absent; once the metric
     * exists its panels must have data like the others.
     */
    static final Map<String, String> PENDING = Map.of(
            "ndxp_events_duplicate_total", "duplicates (reliability work)",
            "ndxp_service_requests_total", "per provider system (analytics work)",
            "ndxp_service_latency_seconds", "service latency histogram (analytics work)",
            "ndxp_event_lag_seconds", "freshness histogram (roadmap)",
            "ndxp_alerts_total", "anomalies raised (analytics work)",
            "ndxp_loadgen_", "the load generator's own metrics (load-testing work)",
            "ndxp_consumer_requests_total", "per consumer system (proposed in docker/README.md)",
            "ndxp_flow_transactions_total", "per consumer and provider agency (proposed in docker/README.md)");

    /** Grafana's own variables, as Grafana would set them for this test's 1-second scrapes. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "__rate_interval", "1m", "__interval", "15s", "__range", "1h");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    private static final String SILENT_AGENCY = "HNI";
    private static final int VOLUME = 40_000;

    @TempDir
    static Path dir;
    static Path executable;
    static TestPlatform platform;
    static PrometheusServer prometheus;
    static long lastDayTotal;

    @BeforeAll
    static void start() {
        executable = Tools.require("prometheus");
        platform = TestPlatform.start(dir, "opskit-it");
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void prometheusHoldsTheGroundTruthAndNoAgencyIsSilentOnNormalDays() throws IOException {
        JsonNode first = simulate("2024-04-24", "malformed:fraction=0.002");
        awaitCountedByTheApp(first);
        prometheus = startPrometheus("normal-days");
        assertPrometheusHoldsTheDay(first, "2024-04-24");

        JsonNode second = simulate("2024-04-25");
        assertPrometheusHoldsTheDay(second, "2024-04-25");
        awaitRuleEvaluationAfter(Instant.now());

        // The alert had something to judge: HNI was expected to call and did.
        String hni = "{agency=\"" + SILENT_AGENCY + "\",role=\"consumer\"}";
        assertThat(prometheus.value("agency_role:ndxp_transactions:expected_increase15m" + hni)).isGreaterThanOrEqualTo(30);
        assertThat(prometheus.value("agency_role:ndxp_transactions:increase15m" + hni)).isPositive();
        assertThat(prometheus.query(alertExpression("NdxpAgencySilent"))).as("the alert's expression").isEmpty();
        assertThat(prometheus.query("ALERTS{alertname=\"NdxpAgencySilent\"}")).as("pending or firing").isEmpty();
    }

    @Test
    @Order(2)
    void agencySilentFiresForAProvinceWhoseConsumerSystemsAreAllSilent() throws IOException {
        prometheus = startPrometheus("silent-day");
        // A first scrape before the silent day, so that its counters start flat.
        awaitValue("sum(ndxp_platform_transactions_today)", lastDayTotal);

        List<String> scenarios = new ArrayList<>();
        CatalogLoader.builtIn().systemsOf(SILENT_AGENCY).stream().filter(SystemInfo::isConsumer)
                .forEach(s -> scenarios.add("silent:system=" + s.code() + ",from=00:00,to=23:59:59"));
        assertThat(scenarios).as("consumer systems of %s", SILENT_AGENCY).isNotEmpty();
        JsonNode silentDay = simulate("2024-04-26", scenarios.toArray(String[]::new));
        assertThat(countsOf(silentDay, "2024-04-26")).as("the ground truth: %s made no call that day", SILENT_AGENCY)
                .doesNotContainKey(SILENT_AGENCY + "/consumer");
        assertPrometheusHoldsTheDay(silentDay, "2024-04-26");

        await("NdxpAgencySilent firing").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(series(prometheus.query("ALERTS{alertname=\"NdxpAgencySilent\",alertstate=\"firing\"}")))
                        .contains(SILENT_AGENCY + "/consumer"));
        assertThat(series(prometheus.query("ALERTS{alertname=\"NdxpAgencySilent\"}"))).as("only the silent province")
                .containsExactly(SILENT_AGENCY + "/consumer");
        JsonNode direct = prometheus.query(alertExpression("NdxpAgencySilent"));
        assertThat(series(direct)).containsExactly(SILENT_AGENCY + "/consumer");
        assertThat(direct.get(0).path("value").get(1).asDouble()).as("transactions expected in 15 minutes").isGreaterThanOrEqualTo(30);
        JsonNode alert = firingAlert("NdxpAgencySilent");
        assertThat(alert.path("annotations").path("summary").asText()).isEqualTo("HNI is silent as consumer");
    }

    @Test
    @Order(3)
    void everyPanelQueryParsesAndPanelsOnExistingMetricsHaveData() {
        assertThat(prometheus).as("the Prometheus of the previous step").isNotNull();
        List<Query> queries = new ArrayList<>();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            Map<String, String> variables = resolveVariables(d);
            for (Dashboards.Target t : Dashboards.targets(d)) {
                String promql = substitute(t.expr(), variables);
                JsonNode response = prometheus.queryResponse(promql);
                assertThat(response.path("status").asText()).as("%s does not parse or run:%n%s%n%s", t, promql, response)
                        .isEqualTo("success");
                queries.add(new Query(t, promql, whyItMayBeEmpty(promql)));
            }
        }
        assertThat(queries).hasSizeGreaterThan(80);
        // Kafka Streams' task, store and topic metrics are bound a minute after the app starts.
        await("every panel on existing metrics has data").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (Query q : queries) {
                        if (q.mayBeEmpty() == null && prometheus.query(q.promql()).isEmpty()) {
                            empty.add(q.target() + ": " + q.promql());
                        }
                    }
                    assertThat(empty).as("queries without data").isEmpty();
                });
        Map<String, Long> pending = new TreeMap<>();
        queries.stream().filter(q -> q.mayBeEmpty() != null).forEach(q -> pending.merge(q.mayBeEmpty(), 1L, Long::sum));
        System.out.printf("OpsKitIT: %d panel queries; %d with data required; may be empty: %s%n", queries.size(),
                queries.stream().filter(q -> q.mayBeEmpty() == null).count(), pending);

        for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("health").asText()).as("rule %s: %s", rule.path("name").asText(),
                        rule.path("lastError").asText()).isEqualTo("ok");
            }
        }
    }

    /** A panel query as sent, and why it may return nothing (null: it must return data). */
    private record Query(Dashboards.Target target, String promql, String mayBeEmpty) {}

    private static String whyItMayBeEmpty(String promql) {
        if (promql.contains("offset 1d")) {
            return "needs a day of history";
        }
        for (Map.Entry<String, String> p : PENDING.entrySet()) {
            if (promql.contains(p.getKey()) && prometheus.query("count({__name__=~\"" + p.getKey() + ".*\"})").isEmpty()) {
                return "pending " + p.getKey() + ": " + p.getValue();
            }
        }
        return null;
    }

    /** A dashboard's variables, each from its label_values query, in order; "all" where allowed. */
    private static Map<String, String> resolveVariables(Dashboards.Dashboard d) {
        Map<String, String> values = new LinkedHashMap<>(GRAFANA_VARIABLES);
        for (JsonNode v : d.variables()) {
            String name = v.path("name").asText();
            if (v.path("includeAll").asBoolean()) {
                values.put(name, v.path("allValue").asText(".*"));
                continue;
            }
            Matcher m = LABEL_VALUES.matcher(substitute(Dashboards.variableQuery(v), values));
            assertThat(m.matches()).as("%s $%s: %s", d.uid(), name, Dashboards.variableQuery(v)).isTrue();
            Set<String> found = new HashSet<>();
            JsonNode series = prometheus.get("/api/v1/series?match[]=" + java.net.URLEncoder.encode(m.group(1),
                    java.nio.charset.StandardCharsets.UTF_8));
            series.path("data").forEach(s -> found.add(s.path(m.group(2)).asText()));
            assertThat(found).as("%s: values of $%s", d.uid(), name).isNotEmpty();
            String current = v.path("current").path("value").asText();
            values.put(name, found.contains(current) ? current : found.stream().sorted().findFirst().orElseThrow());
        }
        return values;
    }

    private static String substitute(String expr, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            assertThat(value).as("variable $%s of %s", m.group(1), expr).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static JsonNode simulate(String date, String... scenarios) throws IOException {
        Path truth = dir.resolve("truth-" + date + ".json");
        List<String> args = new ArrayList<>(List.of("simulate", "--from", date, "--days", "1", "--volume",
                String.valueOf(VOLUME), "--seed", "7", "--max", "--truth", truth.toString(), "--partitions", "6"));
        for (String s : scenarios) {
            args.add("--scenario");
            args.add(s);
        }
        args.addAll(List.of(platform.kafkaArgs()));
        assertThat(Ndxp.execute(args.toArray(String[]::new))).as("simulate %s", date).isZero();
        JsonNode json = OpsKitFiles.JSON.readTree(truth.toFile());
        lastDayTotal = json.path("total").asLong();
        return json;
    }

    /** Straight from /metrics, before any Prometheus: the first day is counted. */
    private static void awaitCountedByTheApp(JsonNode truth) {
        await("the app counted the day").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(PrometheusText.parse(Http.get(platform.metricsUrl()).body()).get("ndxp_platform_transactions_today"))
                        .isEqualTo(truth.path("total").asDouble()));
    }

    /** A fresh Prometheus in place of the current one, if any. */
    private static PrometheusServer startPrometheus(String name) throws IOException {
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
        Path home = Path.of(System.getProperty("basedir", "."), "target", "opskit-it", name);
        if (Files.exists(home)) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String metrics = platform.metricsUrl();
        String streams = metrics.substring("http://".length(), metrics.indexOf("/metrics"));
        return PrometheusServer.start(executable, home, Map.of(
                "ndxp-streams", streams,
                // Nothing listens there: the load generator is down, as in a stack without its profile.
                "ndxp-loadgen", "127.0.0.1:" + PrometheusServer.freePort()));
    }

    /**
     * The day's ground truth equals what Prometheus holds: the platform, and every agency in each
     * role. The consumer side (the platform's total) and the provider side are counted on different
     * partitions and may arrive a scrape apart: everything is awaited together.
     */
    private static void assertPrometheusHoldsTheDay(JsonNode truth, String date) {
        long total = truth.path("total").asLong();
        Map<String, Long> expected = countsOf(truth, date);
        await("Prometheus holds the ground truth of " + date).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(prometheus.value("sum(ndxp_platform_transactions_today)")).as("platform").isEqualTo(total);
                    assertThat(prometheus.value("sum(ndxp_agency_transactions_today{role=\"consumer\"})")).as("consumers")
                            .isEqualTo(total);
                    assertThat(prometheus.value("sum(ndxp_agency_transactions_today)")).as("both roles").isEqualTo(2.0 * total);
                    Map<String, Double> actual = new TreeMap<>();
                    for (JsonNode s : prometheus.query("sum by (agency, role) (ndxp_agency_transactions_today)")) {
                        actual.put(s.path("metric").path("agency").asText() + "/" + s.path("metric").path("role").asText(),
                                s.path("value").get(1).asDouble());
                    }
                    Map<String, String> wrong = new TreeMap<>();
                    Set<String> keys = new HashSet<>(expected.keySet());
                    keys.addAll(actual.keySet());
                    for (String key : keys) {
                        double want = expected.getOrDefault(key, 0L).doubleValue();
                        double got = actual.getOrDefault(key, 0.0);
                        if (want != got) {
                            wrong.put(key, got + " instead of " + want);
                        }
                    }
                    assertThat(wrong).as("agencies on %s", date).isEmpty();
                });
    }

    /** agency/role to the day's count, all statuses. */
    private static Map<String, Long> countsOf(JsonNode truth, String date) {
        LocalDate.parse(date);
        Map<String, Long> counts = new HashMap<>();
        for (JsonNode row : truth.path("counts")) {
            if (row.path("date").asText().equals(date)) {
                counts.merge(row.path("agency").asText() + "/" + row.path("role").asText(), row.path("count").asLong(), Long::sum);
            }
        }
        return counts;
    }

    private static void awaitValue(String promql, double expected) {
        await(promql + " = " + expected).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(prometheus.value(promql)).isEqualTo(expected));
    }

    /** Waits until every rule group has been evaluated after {@code instant}. */
    private static void awaitRuleEvaluationAfter(Instant instant) {
        await("rules evaluated").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
                assertThat(Instant.parse(group.path("lastEvaluation").asText())).as(group.path("name").asText()).isAfter(instant);
            }
        });
    }

    /** The expression of an alert as the project's rules file has it. */
    private static String alertExpression(String alert) {
        return AlertRulesTest.alerts().get(alert).path("expr").asText();
    }

    private static JsonNode firingAlert(String name) {
        for (JsonNode a : prometheus.get("/api/v1/alerts").path("data").path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals(name) && a.path("state").asText().equals("firing")) {
                return a;
            }
        }
        throw new AssertionError("no firing " + name);
    }

    /** agency/role of each series of a result. */
    private static List<String> series(JsonNode result) {
        List<String> keys = new ArrayList<>();
        result.forEach(s -> keys.add(s.path("metric").path("agency").asText() + "/" + s.path("metric").path("role").asText()));
        return keys;
    }
}
