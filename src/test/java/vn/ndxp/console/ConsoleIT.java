package vn.ndxp.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.model.EventProducers;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.runtime.TopicCreator;
import vn.ndxp.simulator.GroundTruth;
import vn.ndxp.simulator.SimRecord;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.simulator.scenario.ScenarioParser;
import vn.ndxp.testing.Browser;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.PrometheusText;
import vn.ndxp.topology.InputRules;
import vn.ndxp.topology.analytics.AnalyticsConfig;

/**
 * The console in a real Chromium against the embedded platform fed a known simulated working day
 * with a provider outage that lasts to the day's end (a drill that leaves an alert raised) and a
 * few undecodable records: the page's figures equal the ground truth, the query API and /metrics;
 * the agency page is reached by keyboard; the names switch language; the page fits a phone's width;
 * and the browser's console has no error. A replay's target and achieved rates show beside what
 * the platform counts. Screenshots go to target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);
    private static final String OUTAGE = "BCA_CSDLQGDC";
    private static final int EVENTS = 20_000;
    private static final int UNDECODABLE = 3;
    private static final String REPLAYED = "console-it.replayed";
    private static final Catalog CATALOG = CatalogLoader.builtIn();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP_TO = Duration.ofMinutes(2);
    private static final String RETRYING = CATALOG.systemsOf("VPCP").stream().filter(s -> s.isConsumer()).findFirst()
            .orElseThrow().code();
    private static final String SERVICE = CATALOG.system(OUTAGE).orElseThrow().services().get(0).code();

    /** Where the replay below serves its /metrics, known before the app starts: the app reads it. */
    private static final int LOADGEN_PORT = freePort();

    @TempDir
    static Path dir;
    static EmbeddedPlatform platform;
    static StreamsApp app;
    static Browser browser;
    static final GroundTruth truth = new GroundTruth(6, Duration.ofHours(6));

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6);
        TopicCreator.ensure(Map.of("bootstrap.servers", platform.bootstrapServers()),
                List.of(new Topics.TopicSpec(REPLAYED, 3, false, false)));
        app = StreamsApp.start(StreamsApp.Options.of(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                "console-it", dir.resolve("streams"))
                .withKafkaProperties(Map.of("commit.interval.ms", 100))
                // Three requests in five minutes are enough to judge: the outage's late evening stays alerted.
                .withCounting(new StreamsApp.Options.Counting(Duration.ofHours(6),
                        InputRules.defaults(CatalogCodes.from(CATALOG)), CATALOG,
                        AnalyticsConfig.defaults().with(new AnalyticsConfig.ErrorRule(0.2, 3, Duration.ofMinutes(5)))))
                .withServing(new StreamsApp.Options.Serving("127.0.0.1", 0, "127.0.0.1", 0,
                        StreamsApp.Options.DEFAULT_READY_MAX_LAG, URI.create("http://127.0.0.1:" + LOADGEN_PORT + "/metrics"))),
                () -> { });
        send();
        await().atMost(UP_TO).untilAsserted(() -> assertThat(metrics().get("ndxp_platform_transactions_today"))
                .isEqualTo((double) truth.total(DAY)));
        browser = Browser.start(dir.resolve("chromium"), Path.of("target", "console-screenshots"), 1280, 800);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleShowsTheDayAsCountedAndNavigatesByKeyboard() throws Exception {
        var driver = browser.driver();
        driver.get(console() + "/");
        long total = truth.total(DAY);
        assertThat(total).as("about the volume asked for").isBetween(EVENTS * 9L / 10, EVENTS * 11L / 10);
        await().atMost(UP_TO).untilAsserted(() -> assertThat(value("platform-today")).isEqualTo(String.valueOf(total)));
        assertThat(metrics().get("ndxp_platform_transactions_today")).as("the page equals /metrics").isEqualTo((double) total);
        assertThat(driver.findElement(By.id("day")).getText()).isEqualTo("2024-04-24, a working day");

        // The busiest consumer: its figure is the ground truth's and the API's.
        WebElement first = driver.findElement(By.cssSelector("[data-metric='agency-consumer-today']"));
        String busiest = first.getAttribute("data-agency");
        long busiestCount = truth.count(DAY, busiest, "consumer");
        assertThat(first.getAttribute("data-value")).isEqualTo(String.valueOf(busiestCount));
        JsonNode agencies = api("/api/v1/agencies");
        long maxConsumer = 0;
        for (JsonNode a : agencies.get("agencies")) {
            maxConsumer = Math.max(maxConsumer, a.get("consumer").asLong());
        }
        assertThat(busiestCount).isEqualTo(maxConsumer);

        // The statuses add up to the day, the reference is a working day's, and the dead letters have their reason.
        long statuses = 0;
        for (String status : List.of("success", "clientError", "providerError", "timeout", "rejected")) {
            statuses += Long.parseLong(value("status-" + status));
        }
        assertThat(statuses).isEqualTo(total);
        assertThat(value("reference-day")).isEqualTo("2800000");
        await().atMost(UP_TO).untilAsserted(() -> assertThat(value("dead-letters")).isEqualTo(String.valueOf(UNDECODABLE)));
        assertThat(driver.findElement(By.cssSelector("[data-metric='dead-letters-reason'][data-reason='bad-magic']"))
                .getAttribute("data-value")).isEqualTo(String.valueOf(UNDECODABLE));
        assertThat(Double.parseDouble(value("freshness"))).as("the newest event is from 2024").isGreaterThan(86_400);

        // The drill's alert, as the API has it, with its runbook section.
        await().atMost(UP_TO).untilAsserted(() -> assertThat(api("/api/v1/alerts").get("active")).as(api("/api/v1/alerts").toString())
                .anySatisfy(a -> {
                    assertThat(a.get("type").asText()).isEqualTo("PROVIDER_ERROR_RATIO");
                    assertThat(a.get("subject").asText()).isEqualTo(OUTAGE);
                }));
        JsonNode active = api("/api/v1/alerts").get("active");
        await().atMost(UP_TO).untilAsserted(() -> assertThat(value("alerts-active")).isEqualTo(String.valueOf(active.size())));
        WebElement alert = driver.findElement(By.cssSelector("[data-metric='alert'][data-type='PROVIDER_ERROR_RATIO']"
                + "[data-subject='" + OUTAGE + "']"));
        WebElement runbook = alert.findElement(By.tagName("summary"));
        assertThat(runbook.getText()).isEqualTo("Runbook: NdxpProviderSystemErrorRatioHigh");
        runbook.click();
        assertThat(alert.findElement(By.tagName("details")).getText()).contains("Means.");
        // Today's records, newest first: the drill's raise that is still active is among them.
        JsonNode today = api("/api/v1/alerts?since=" + DAY + "&limit=1");
        assertThat(value("alert-records-today")).isEqualTo(today.at("/page/count").asText());
        assertThat(driver.findElements(By.cssSelector("[data-metric='alert-record'][data-subject='" + OUTAGE
                + "'][data-state='RAISED']"))).isNotEmpty();
        browser.screenshot("overview-1280");

        // To the agency page by keyboard: the link takes Enter, and the page shows the ground truth.
        WebElement link = first.findElement(By.xpath("../td/a"));
        driver.executeScript("arguments[0].focus();", link);
        String updated = driver.findElement(By.id("updated")).getText();
        await().atMost(UP_TO).until(() -> !driver.findElement(By.id("updated")).getText().equals(updated));
        assertThat(driver.switchTo().activeElement()).as("the focus stays through a refresh").isEqualTo(link);
        link.sendKeys(Keys.ENTER);
        await().atMost(UP_TO).untilAsserted(() -> {
            assertThat(driver.getCurrentUrl()).endsWith("#/agency/" + busiest);
            assertThat(value("agency-consumer")).isEqualTo(String.valueOf(busiestCount));
            assertThat(value("agency-provider")).isEqualTo(String.valueOf(truth.count(DAY, busiest, "provider")));
        });
        browser.screenshot("agency-" + busiest);

        // BCA provides the failing system: its row and its alert.
        driver.get(console() + "/#/agency/BCA");
        await().atMost(UP_TO).untilAsserted(() -> {
            assertThat(value("agency-provider")).isEqualTo(String.valueOf(truth.count(DAY, "BCA", "provider")));
            assertThat(driver.findElements(By.cssSelector("#agency-alerts [data-subject='" + OUTAGE + "']"))).hasSize(1);
        });
        JsonNode health = api("/api/v1/services/" + OUTAGE + "/health?window=1d&date=" + DAY);
        assertThat(driver.findElement(By.cssSelector("[data-metric='system-requests'][data-system='" + OUTAGE + "']"))
                .getAttribute("data-value")).isEqualTo(health.at("/windows/0/total/requests").asText());

        // The language switch gives the catalog's Vietnamese names.
        String english = CATALOG.agency("BCA").orElseThrow().nameEn();
        String vietnamese = CATALOG.agency("BCA").orElseThrow().nameVi();
        assertThat(driver.findElement(By.id("agency-name")).getText()).isEqualTo(english);
        driver.findElement(By.id("lang")).click();
        await().atMost(UP_TO).untilAsserted(() ->
                assertThat(driver.findElement(By.id("agency-name")).getText()).isEqualTo(vietnamese));
        driver.findElement(By.id("lang")).click();

        // A phone's width: nothing wider than the screen.
        browser.resize(390, 844);
        driver.get(console() + "/");
        await().atMost(UP_TO).untilAsserted(() -> assertThat(value("platform-today")).isEqualTo(String.valueOf(total)));
        Object overflow = driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).longValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
        browser.screenshot("overview-390");
        browser.resize(1280, 800);

        assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Test
    @Order(2)
    void aReplayShowsItsTargetAndAchievedRatesBesideWhatThePlatformCounts() throws Exception {
        Path file = dir.resolve("replay.avro");
        assertThat(ndxp("simulate", "--from", "2024-04-23", "--volume", "3000", "--seed", "5", "--out", file.toString()))
                .isZero();
        // To a topic of its own, so that the day above stays as it is: the platform counts nothing of it.
        CompletableFuture<Integer> replay = CompletableFuture.supplyAsync(() -> ndxp("replay", "--file", file.toString(),
                "--topic", REPLAYED, "--rate", "300", "--loop", "0", "--duration", "15s",
                "--metrics-port", String.valueOf(LOADGEN_PORT)));
        var driver = browser.driver();
        driver.get(console() + "/");
        await().atMost(UP_TO).untilAsserted(() -> {
            assertThat(driver.findElement(By.id("loadgen")).isDisplayed()).isTrue();
            assertThat(value("loadgen-target")).isEqualTo("300");
            String achieved = value("loadgen-achieved");
            assertThat(achieved).as("achieved events/s").isNotEmpty();
            // Acknowledgements counted between two refreshes of the page, read at most once a second.
            assertThat(Double.parseDouble(achieved)).as("achieved events/s").isBetween(150.0, 450.0);
            assertThat(value("loadgen-counted")).isEqualTo("0");
        });
        assertThat(driver.findElement(By.id("loadgen-source")).getText()).contains(":" + LOADGEN_PORT + "/metrics");
        browser.screenshot("overview-replay");
        assertThat(replay.get(2, TimeUnit.MINUTES)).isZero();
        assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
    }

    @Test
    @Order(3)
    void theConsoleFilesAreServedWithTheirTypesAndNothingElse() throws Exception {
        assertThat(Http.get(console() + "/").headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        var echarts = Http.get(console() + "/console/" + ConsoleFiles.ECHARTS);
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
        // Gzipped for a browser, which asks for it: ECharts and the day's minutes, polled every few seconds.
        for (String path : List.of("/console/" + ConsoleFiles.ECHARTS, "/api/v1/platform?date=" + DAY)) {
            HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console() + path))
                    .header("Accept-Encoding", "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gzipped.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
            String plain = Http.get(console() + path).body();
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).as(path).isEqualTo(plain);
            assertThat(gzipped.body().length).as(path).isLessThan(plain.length() / 3);
        }
        for (String path : List.of("/console/..%2Fapi%2Fopenapi.json", "/console/log4j2.xml", "/console/ConsoleFiles.class")) {
            var r = Http.get(console() + path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("not_found");
        }
        var bad = Http.get(console() + "/console/api/overview?date=2024-13-01");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("2024-13-01");
    }

    private static String value(String metric) {
        return browser.driver().findElement(By.cssSelector("[data-metric='" + metric + "']")).getAttribute("data-value");
    }

    private static String console() {
        return "http://127.0.0.1:" + app.apiPort();
    }

    private static JsonNode api(String path) throws Exception {
        var r = Http.get(console() + path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static int ndxp(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", platform.bootstrapServers(), "--schema-registry-url",
                platform.schemaRegistryUrl()));
        return Ndxp.execute(all.toArray(String[]::new));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Double> metrics() {
        return PrometheusText.parse(Http.get("http://127.0.0.1:" + app.metricsPort() + "/metrics").body());
    }

    private static void send(Producer<String, DataExchangeEvent> producer, SimRecord r) {
        truth.record(r);
        producer.send(EventProducers.record(Topics.EXCHANGE_EVENTS, r.event()));
    }

    /** The simulated day, with an outage of the largest provider system from 20:00 to the end of the day, and three undecodable records. */
    private static void send() {
        SimulationOptions options = new SimulationOptions(DAY, 1, 7, EVENTS, 0,
                List.of(ScenarioParser.parse("outage:system=" + OUTAGE + ",from=20:00,to=23:59,mode=fail")));
        try (Producer<String, DataExchangeEvent> producer = EventProducers.create(
                Map.of("bootstrap.servers", platform.bootstrapServers()),
                new RestSchemaRegistryClient(platform.schemaRegistryUrl()))) {
            Simulation simulation = new Simulation(CATALOG, options);
            while (simulation.hasNext()) {
                send(producer, simulation.next());
            }
            // The evening is quiet: a window of the outage may hold no request, which clears the alert.
            // A consumer retrying through the last ten minutes keeps it raised to the day's end.
            Instant start = DAY.atTime(23, 50).atOffset(ZoneOffset.ofHours(7)).toInstant();
            for (int i = 0; i < 60; i++) {
                Instant t = start.plusSeconds(10L * i);
                send(producer, new SimRecord(t.toEpochMilli(), DataExchangeEvent.newBuilder().setEventId("retry-" + i)
                        .setRequestTime(t).setConsumerAgency("VPCP").setConsumerSystem(RETRYING)
                        .setProviderAgency("BCA").setProviderSystem(OUTAGE).setServiceCode(SERVICE)
                        .setStatus(ExchangeStatus.PROVIDER_ERROR).setDurationMs(30_000).setRequestBytes(400)
                        .setResponseBytes(0).setGateway("NDXP").build(), false, null));
            }
        }
        try (Producer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", platform.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < UNDECODABLE; i++) {
                raw.send(new ProducerRecord<>(Topics.EXCHANGE_EVENTS, ("not avro " + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
