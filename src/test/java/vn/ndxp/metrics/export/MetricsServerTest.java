package vn.ndxp.metrics.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import vn.ndxp.metrics.export.MetricsServer.Check;
import vn.ndxp.testing.Http;

class MetricsServerTest {

    @Test
    void healthAndReadyAnswerWithTheirStatusAndWhy() {
        AtomicBoolean alive = new AtomicBoolean(true);
        AtomicReference<Check> ready = new AtomicReference<>(Check.down("restoring 3 state store partitions"));
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> { }, alive::get, ready::get)) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(Http.get(base + "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = Http.get(base + "/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("NOT READY: restoring 3 state store partitions\n");

            ready.set(Check.up("RUNNING, caught up"));
            alive.set(false);
            assertThat(Http.get(base + "/ready").body()).isEqualTo("READY: RUNNING, caught up\n");
            assertThat(Http.get(base + "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aStopWaitsForTheNextScrapeWhichSeesTheLastCounts() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicInteger counted = new AtomicInteger();
        registry.more().counter("ndxp.platform.transactions", List.of(), counted);
        MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, () -> { }, () -> true, () -> Check.up("ok"));
        String metrics = "http://127.0.0.1:" + server.port() + "/metrics";
        Http.get(metrics);
        Http.get(metrics); // a rhythm: somebody scrapes
        counted.set(42); // the final commit
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            server.awaitFinalScrape(Duration.ofMinutes(1));
            server.close();
        });
        assertThat(stopped).as("waiting for the scraper").isNotDone();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Http.get(metrics).body()).contains("ndxp_platform_transactions_total 42.0"));
        stopped.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStopDoesNotWaitWhenNobodyScrapes() {
        MetricsServer server = MetricsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> { }, () -> true, () -> Check.up("ok"));
        assertThat(CompletableFuture.runAsync(() -> server.awaitFinalScrape(Duration.ofMinutes(1))))
                .succeedsWithin(Duration.ofSeconds(10));
        server.close();
    }

    @Test
    void nameParametersSelectTheFamiliesScraped() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("ndxp.transactions", "agency", "BCA").increment(3);
        registry.gauge("ndxp.platform.transactions.today", 7);
        registry.timer("ndxp.other.latency").record(java.time.Duration.ofMillis(5));
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, () -> { }, () -> true,
                () -> Check.up("ok"))) {
            String base = "http://127.0.0.1:" + server.port() + "/metrics";
            assertThat(Http.get(base).body()).contains("ndxp_transactions_total", "ndxp_platform_transactions_today",
                    "ndxp_other_latency_seconds");
            String some = Http.get(base + "?name[]=ndxp_transactions_total&name%5B%5D=ndxp_platform_transactions_today").body();
            assertThat(some).contains("ndxp_transactions_total{agency=\"BCA\"} 3.0", "ndxp_platform_transactions_today 7.0")
                    .doesNotContain("ndxp_other_latency");
        }
    }

    @Test
    void gzipWhenAskedHeadWhereGetAnd405WithAllow() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (int i = 0; i < 100; i++) {
            registry.counter("ndxp.transactions", "agency", "A" + i).increment(i);
        }
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, () -> { }, () -> true,
                () -> Check.up("ok"))) {
            URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<byte[]> gzipped = client.send(HttpRequest.newBuilder(metrics).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String text = new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(text).contains("ndxp_transactions_total{agency=\"A99\"} 99.0");
            assertThat(Http.get(metrics.toString()).headers().firstValue("Content-Encoding")).isEmpty();

            HttpResponse<String> head = client.send(HttpRequest.newBuilder(metrics).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            HttpResponse<String> post = client.send(HttpRequest.newBuilder(metrics).POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(post.body()).contains("\"error\":\"method_not_allowed\"");

            HttpResponse<String> missing = Http.get("http://127.0.0.1:" + server.port() + "/nothing");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        }
    }

    @Test
    void probesAnswerWithinASecondWhileEveryScrapeHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger scraping = new AtomicInteger();
        HttpClient client = HttpClient.newHttpClient();
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> {
                    scraping.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, () -> true, () -> Check.up("ok"))) {
            String base = "http://127.0.0.1:" + server.port();
            List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                scrapes.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> scraping.get() >= 12);
            for (String probe : List.of("/health", "/ready")) {
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + probe))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(probe).isLessThan(Duration.ofSeconds(1));
            }
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> scrape : scrapes) {
                assertThat(scrape.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
    }
}
