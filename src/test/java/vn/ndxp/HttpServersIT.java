package vn.ndxp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.RawHttp;
import vn.ndxp.testing.TestPlatform;

/**
 * The three HTTP servers of a running platform (metrics and probes, query API, schema registry)
 * as a port scanner, a stuck load balancer or a careless client would meet them: idle and
 * half-sent connections do not keep anyone else from an answer, and every malformed request is a
 * 4xx with the server's JSON error body, never a 500 or an HTML page.
 */
class HttpServersIT {
    private static final int SLOW_CONNECTIONS = 40;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestPlatform platform;
    static int metrics;
    static int api;
    static int registry;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "http-servers-it");
        metrics = platform.metricsPort();
        api = URI.create(platform.apiUrl()).getPort();
        registry = URI.create(platform.schemaRegistryUrl()).getPort();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Http.get(platform.apiUrl() + "/api/v1/agencies").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void idleAndHalfSentConnectionsDoNotKeepAnyoneElseFromAnAnswer() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int port : List.of(metrics, api, registry)) {
                for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 3_000);
                    if (i % 2 == 1) { // half a request line, then nothing
                        s.getOutputStream().write("GET /api/v1/agen".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    }
                    slow.add(s);
                }
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
            for (String url : List.of("http://127.0.0.1:" + metrics + "/health", "http://127.0.0.1:" + metrics + "/metrics",
                    "http://127.0.0.1:" + metrics + "/ready", platform.schemaRegistryUrl() + "/subjects",
                    platform.apiUrl() + "/api/v1/agencies")) {
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN).build(),
                        HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(r.statusCode()).as(url).isIn(url.endsWith("/ready") ? List.of(200, 503) : List.of(200));
                assertThat(ms).as(url + " answered in ms").isLessThan(ANSWER_WITHIN.toMillis());
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    /** A malformed request, the server it goes to, and the status it must get. */
    private record Bad(String what, int port, String request, byte[] body, int status) {
        static Bad get(String what, int port, String target, int status) {
            return new Bad(what, port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                    null, status);
        }

        static Bad send(String what, int port, String method, String target, String body, int status) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new Bad(what, port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n", bytes, status);
        }

        static Bad raw(String what, int port, String request, int status) {
            return new Bad(what, port, request, null, status);
        }
    }

    @Test
    void everyMalformedRequestIsA4xxWithAJsonBody() throws Exception {
        String huge = "9".repeat(20_000);
        String bigHeader = "GET /api/v1/agencies HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "x".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n";
        List<Bad> table = List.of(
                Bad.get("instant overflowing a long", api, "/api/v1/alerts?since=%2B999999999-12-31T00:00:00Z", 400),
                Bad.get("instant before 1970", api, "/api/v1/alerts?since=-999999999-01-01T00:00:00Z", 400),
                Bad.get("offset date-time overflowing", api, "/api/v1/alerts?since=%2B999999999-12-31T00:00:00%2B07:00", 400),
                Bad.get("epoch millis overflowing", api, "/api/v1/alerts?since=99999999999999999999999", 400),
                Bad.get("date overflowing", api, "/api/v1/flows?date=%2B999999999-12-31", 400),
                Bad.get("date far back", api, "/api/v1/platform?date=-999999999-01-01", 400),
                Bad.get("date that does not exist", api, "/api/v1/platform?date=2024-02-30", 400),
                Bad.get("agency day overflowing", api, "/api/v1/agencies/BCA/daily?date=%2B999999999-12-31", 400),
                Bad.get("bad escape in a value", api, "/api/v1/alerts?since=%zz", 400),
                Bad.get("truncated escape", api, "/api/v1/flows?date=2024-04-2%", 400),
                Bad.get("escape that is not UTF-8", api, "/api/v1/flows?date=%C3%28", 400),
                Bad.get("bad escape in the path", api, "/api/v1/agencies/%zz/daily", 400),
                Bad.get("huge number", api, "/api/v1/services/X/health?minutes=" + huge.substring(0, 5_000), 400),
                Bad.get("huge query", api, "/api/v1/flows?date=" + huge, 414),
                Bad.get("too many parameters", api, "/api/v1/flows?" + "a=1&".repeat(200), 400),
                Bad.get("unknown window", api, "/api/v1/services/X/health?window=1h", 400),
                Bad.get("unknown path", api, "/api/v1/nothing", 404),
                Bad.get("unknown path at the root", api, "/nothing", 404),
                Bad.send("POST to a GET endpoint", api, "POST", "/api/v1/agencies", "{}", 405),
                Bad.send("DELETE", api, "DELETE", "/api/v1/alerts", "", 405),
                Bad.raw("headers too large", api, bigHeader, 431),
                Bad.raw("garbage request line", api, "HELLO\r\n\r\n", 400),
                Bad.raw("no Host header", api, "GET /api/v1/agencies HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
                Bad.get("bad escape in a metric name", metrics, "/metrics?name[]=%zz", 400),
                Bad.send("POST to a probe", metrics, "POST", "/health", "", 405),
                Bad.get("unknown metrics path", metrics, "/metricz", 404),
                Bad.raw("headers too large to metrics", metrics, bigHeader.replace("/api/v1/agencies", "/metrics"), 431),
                Bad.send("broken JSON", registry, "POST", "/subjects/x-value/versions", "{\"schema\": ", 400),
                Bad.send("JSON that is not an object", registry, "POST", "/subjects/x-value/versions", "[1]", 400),
                Bad.send("no schema", registry, "POST", "/subjects/x-value/versions", "{}", 422),
                Bad.send("not an Avro schema", registry, "POST", "/subjects/x-value/versions",
                        "{\"schema\": \"{\\\"type\\\": \\\"record\\\"}\"}", 422),
                Bad.send("empty body", registry, "POST", "/subjects/x-value/versions", "", 400),
                Bad.raw("body too large", registry, "POST /subjects/x-value/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n", 413),
                Bad.get("bad escape in a subject", registry, "/subjects/%zz/versions", 400),
                Bad.get("id overflowing an int", registry, "/schemas/ids/99999999999999999999", 404),
                Bad.get("version of an unknown subject", registry, "/subjects/x-value/versions/99999999999999999999", 404),
                Bad.send("DELETE a subject", registry, "DELETE", "/subjects", "", 405),
                Bad.get("unknown registry path", registry, "/nothing/here", 404));
        List<String> wrong = new ArrayList<>();
        for (Bad bad : table) {
            RawHttp.Answer a = RawHttp.exchange(bad.port(), bad.request(), bad.body());
            JsonNode body = json(a.body());
            boolean registryError = bad.port() == registry && body != null && body.path("error_code").isInt();
            boolean apiError = bad.port() != registry && body != null && body.path("status").asInt() == a.status()
                    && body.path("error").isTextual() && body.path("message").isTextual();
            if (a.status() != bad.status() || !(registryError || apiError)) {
                wrong.add(bad.what() + ": " + a.status() + " " + a.headers().get("content-type") + " "
                        + a.body().substring(0, Math.min(200, a.body().length())));
            }
        }
        assertThat(wrong).as("requests with the wrong answer").isEmpty();
        RawHttp.Answer notAllowed = RawHttp.exchange(api, table.get(18).request(), table.get(18).body());
        assertThat(notAllowed.headers()).containsEntry("allow", "GET, HEAD");
        assertThat(Http.get(platform.healthUrl()).statusCode()).as("still alive").isEqualTo(200);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

}
