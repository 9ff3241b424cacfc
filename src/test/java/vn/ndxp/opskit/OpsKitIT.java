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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.metrics.CalendarMetrics;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.NdxpProcess;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.testing.TestPlatform;
import vn.ndxp.time.VietnamCalendar;

/**
 * The ops kit against the real thing: the embedded broker and the streams app counting simulated
 * days, a real Prometheus running the project's prometheus.yml and rules (targets rewritten to
 * this test's ports, scrape and evaluation every second, alerts with {@code for: 0s}), a real
 * load generator, and every query of every Grafana dashboard sent to it.
 *
 * <ol>
 *   <li>Two normal working days: what Prometheus holds equals the simulator's ground truth, agency
 *       by agency, and no agency is silent, though the alert's inputs are there. The freshness
 *       alert's buckets exist and its days-of-2024 events, old by design, do not make it fire;
 *       the app's calendar gives today's kind of day to the volume reference.</li>
 *   <li>A fresh Prometheus, then a day on which every consumer system of Hà Nội (HNI) is silent:
 *       NdxpAgencySilent fires for HNI as consumer, and for nothing else, with its runbook_url
 *       built from prometheus.yml's runbook_base.</li>
 *   <li>A load generator: {@code replay --rate --metrics-port} of a later simulated day, in a child
 *       JVM so that it can be stopped as Ctrl-C stops it, on the port of Prometheus'
 *       {@code ndxp-loadgen} job. On that day the national population database (BCA_CSDLQGDC)
 *       times out from morning to night, so the streams app's own PROVIDER_ERROR_RATIO alert is
 *       raised and stays active, and the panels on active alerts ({@code ndxp_alert_active}) have
 *       something to show. While the replay runs, every panel query must parse and return data,
 *       the {@code ndxp_loadgen_*} panels included; only queries {@code offset 1d} may return
 *       nothing (the test has no day of history). Every rule must evaluate without error.</li>
 * </ol>
 *
 * The second step needs its own Prometheus: the alert looks at 15 minutes, and in the first
 * Prometheus those 15 minutes hold HNI's normal traffic of the days before. A Prometheus started
 * after them sees HNI's counter flat from its first scrape, as a live one would 15 minutes into
 * the silence.
 *
 * <p>The app's alert comes from the paced replay rather than from a day sent at full speed: the
 * app's rules judge event-time minutes once every input partition has delivered them, ignoring a
 * partition more than 6 hours behind, and judge at most the last hour of a jump of their clock. A
 * day sent in a second, on a busy machine, leaves which minutes are judged, and with which
 * partitions' data, to chance; at 300 events a second the partitions move together (a day in
 * about 75 seconds), and every minute is judged on all its data. The replayed day
 * gives the failing system a request in every 5 minutes from the first raise (06:45) to midnight,
 * so nothing clears the alert; later passes over the file (fresh eventIds, the same times) do not
 * move the clock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsKitIT {
    /** Grafana's own variables, as Grafana would set them for this test's 1-second scrapes. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "__rate_interval", "1m", "__interval", "15s", "__range", "1h");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    private static final String SILENT_AGENCY = "HNI";
    /** Times out all day in the replayed day. */
    private static final String FAILING_SYSTEM = "BCA_CSDLQGDC";
    private static final int VOLUME = 40_000;
    /** The load generator's pace: light next to the simulator's, but a rate to show. */
    private static final int LOAD_RATE = 300;

    @TempDir
    static Path dir;
    static Path executable;
    static TestPlatform platform;
    static PrometheusServer prometheus;
    /** Where the current Prometheus looks for the load generator. */
    static int loadgenPort;
    static long lastDayTotal;
    /** Transactions of every day simulated so far: what the app's counters reach once it has counted them. */
    static long allDaysTotal;

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

        // Freshness: the buckets the alert names are the app's, and days of 2024 are old by design.
        String lag = "le:ndxp_event_lag_seconds_bucket:rate5m";
        assertThat(prometheus.value(lag + "{le=\"+Inf\"}")).as("events counted in the last 5 minutes").isPositive();
        assertThat(prometheus.value(lag + "{le=\"86400.0\"}")).as("of which at most a day old").isZero();
        assertThat(prometheus.value(lag + "{le=\"300.0\"}")).isZero();
        assertThat(prometheus.query("ALERTS{alertname=\"NdxpEventLagP99High\"}")).as("pending or firing").isEmpty();

        // Today's kind of day, from the app's calendar, as the volume reference reads it.
        Set<String> today = new HashSet<>(Set.of(CalendarMetrics.Day.of(VietnamCalendar.localDate(Instant.now())).label()));
        JsonNode day = prometheus.query("ndxp:calendar_day");
        today.add(CalendarMetrics.Day.of(VietnamCalendar.localDate(Instant.now())).label()); // at local midnight
        assertThat(day).as("one type").hasSize(1);
        assertThat(today).contains(day.get(0).path("metric").path("type").asText());
        assertThat(prometheus.value("ndxp:platform_transactions_day:reference")).isPositive();
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
        // With for: 0s a rule evaluated on a scrape taken while the day was being counted can fire
        // for an agency whose partition was counted last; judge the complete day.
        awaitRuleEvaluationAfter(Instant.now());

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
        String runbookBase = OpsKitFiles.yaml(OpsKitFiles.PROMETHEUS_CONFIG).path("global").path("external_labels")
                .path("runbook_base").asText();
        assertThat(alert.path("annotations").path("runbook_url").asText()).as("from prometheus.yml's external label")
                .isEqualTo(runbookBase + "#ndxpagencysilent");
    }

    @Test
    @Order(3)
    void everyPanelQueryReturnsDataWhileALoadGeneratorRuns() throws IOException {
        assertThat(prometheus).as("the Prometheus of the previous step").isNotNull();
        try (NdxpProcess replay = startReplay()) {
            await("Prometheus scrapes the load generator").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        assertThat(prometheus.value("max(up{job=\"ndxp-loadgen\"})")).as("log: %s", replay.logFile())
                                .isEqualTo(1);
                        assertThat(prometheus.value("sum(ndxp_loadgen_target_rate_events_per_second)")).isEqualTo(LOAD_RATE);
                        assertThat(prometheus.value("sum(ndxp_loadgen_events_acked_total)")).isPositive();
                    });
            // The streams app's own rule, in event time, through /metrics into Prometheus.
            awaitValue("sum(ndxp_alert_active{type=\"PROVIDER_ERROR_RATIO\",subject=\"" + FAILING_SYSTEM + "\"})", 1);
            assertThat(prometheus.value("sum(ndxp_alerts_active{type=\"PROVIDER_ERROR_RATIO\"})")).isEqualTo(1);
            assertEveryPanelHasData();
            assertThat(prometheus.value("sum(ndxp_loadgen_events_failed_total)")).isZero();
            assertThat(replay.alive()).as("the replay runs until stopped; log: %s", replay.logFile()).isTrue();
            replay.terminate();
            replay.awaitExit(Duration.ofSeconds(30));
        }
    }

    private static void assertEveryPanelHasData() {
        List<Query> queries = new ArrayList<>();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            Map<String, String> variables = resolveVariables(d);
            for (Dashboards.Target t : Dashboards.targets(d)) {
                String promql = substitute(t.expr(), variables);
                JsonNode response = prometheus.queryResponse(promql);
                assertThat(response.path("status").asText()).as("%s does not parse or run:%n%s%n%s", t, promql, response)
                        .isEqualTo("success");
                queries.add(new Query(t, promql, promql.contains("offset 1d") ? "needs a day of history" : null));
            }
        }
        assertThat(queries).hasSizeGreaterThan(80);
        // Kafka Streams' task, store and topic metrics are bound at the app's next metrics refresh (10 s).
        await("every panel has data").atMost(Duration.ofSeconds(120))
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

    /**
     * A dashboard's query variables, each from its label_values query, in order. Where "All" is allowed,
     * All, as Grafana sends it: the custom allValue, or else every value found, as a regex.
     */
    private static Map<String, String> resolveVariables(Dashboards.Dashboard d) {
        Map<String, String> values = new LinkedHashMap<>(GRAFANA_VARIABLES);
        for (JsonNode v : d.variables()) {
            String name = v.path("name").asText();
            if (v.path("type").asText().equals("datasource")) {
                continue; // chooses where the queries go (here: this Prometheus), not part of them
            }
            JsonNode allValue = v.path("allValue");
            if (v.path("includeAll").asBoolean() && allValue.isTextual()) {
                values.put(name, allValue.asText());
                continue;
            }
            Matcher m = LABEL_VALUES.matcher(substitute(Dashboards.variableQuery(v), values));
            assertThat(m.matches()).as("%s $%s: %s", d.uid(), name, Dashboards.variableQuery(v)).isTrue();
            Set<String> found = new TreeSet<>();
            JsonNode series = prometheus.get("/api/v1/series?match[]=" + java.net.URLEncoder.encode(m.group(1),
                    java.nio.charset.StandardCharsets.UTF_8));
            series.path("data").forEach(s -> found.add(s.path(m.group(2)).asText()));
            assertThat(found).as("%s: values of $%s", d.uid(), name).isNotEmpty();
            if (v.path("includeAll").asBoolean()) {
                values.put(name, "(" + String.join("|", found) + ")");
                continue;
            }
            String current = v.path("current").path("value").asText();
            values.put(name, found.contains(current) ? current : found.iterator().next());
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
        allDaysTotal += lastDayTotal;
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
        // Nothing listens there until the third step: the load generator is down, as in a stack
        // without its profile.
        loadgenPort = PrometheusServer.freePort();
        return PrometheusServer.start(executable, home, Map.of(
                "ndxp-streams", streams,
                "ndxp-loadgen", "127.0.0.1:" + loadgenPort));
    }

    /**
     * {@code replay} of a simulated working day after the silent one, with {@link #FAILING_SYSTEM}
     * timing out all day and a busy evening (at least 5 of its requests in every 5 minutes from
     * the alert's raise to midnight), at {@link #LOAD_RATE} a second, looped with fresh eventIds
     * until stopped, its metrics on {@link #loadgenPort}.
     */
    private static NdxpProcess startReplay() throws IOException {
        Path day = dir.resolve("load-2024-05-02.avro");
        assertThat(Ndxp.execute(new String[] {"simulate", "--from", "2024-05-02", "--volume", "20000", "--seed", "8",
                "--scenario", "outage:system=" + FAILING_SYSTEM + ",from=00:00,to=23:59:59,mode=timeout",
                "--scenario", "surge:factor=3,from=20:00,to=23:59:59", "--out", day.toString()}))
                .as("simulate to a file").isZero();
        List<String> args = new ArrayList<>(List.of("replay", "--file", day.toString(), "--rate", String.valueOf(LOAD_RATE),
                "--loop", "0", "--new-ids", "--report-every", "60s",
                "--metrics-host", "127.0.0.1", "--metrics-port", String.valueOf(loadgenPort)));
        args.addAll(List.of(platform.kafkaArgs()));
        return NdxpProcess.start("opskit-replay", Path.of(System.getProperty("basedir", "."), "target", "opskit-it"),
                "256m", args.toArray(String[]::new));
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
                    // The counters, which the alert rules read, move at the counting task's commits: up
                    // to the backstop commit after the gauges, which follow the partial counts.
                    assertThat(prometheus.value("sum(ndxp_platform_transactions_total)")).as("the counters, every day")
                            .isEqualTo(allDaysTotal);
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
