package vn.ndxp.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.runtime.registry.EmbeddedSchemaRegistry;

/** The REST client against the embedded registry, behind a proxy that counts the requests that reach it. */
class RestSchemaRegistryClientTest {

    @TempDir
    Path dataDir;

    private EmbeddedSchemaRegistry registry;
    private CountingProxy proxy;

    @BeforeEach
    void start() throws IOException {
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir);
        proxy = new CountingProxy(registry.url());
    }

    @AfterEach
    void stop() {
        proxy.close();
        registry.close();
    }

    @Test
    void eachRegistrationGoesOverTheNetworkOnce() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url() + "/");

        int id = client.register("events-value", DataExchangeEvent.SCHEMA$);
        assertThat(client.register("events-value", DataExchangeEvent.SCHEMA$)).isEqualTo(id);
        assertThat(proxy.requests()).isEqualTo(1);

        // Another subject is another registration, but the registry reuses the global id.
        assertThat(client.register("other-value", DataExchangeEvent.SCHEMA$)).isEqualTo(id);
        assertThat(proxy.requests()).isEqualTo(2);
        // The id of a schema this client registered needs no lookup.
        assertThat(client.schemaById(id)).isEqualTo(DataExchangeEvent.SCHEMA$);
        assertThat(proxy.requests()).isEqualTo(2);
    }

    @Test
    void eachIdLookupGoesOverTheNetworkOnce() {
        int id = new RestSchemaRegistryClient(registry.url()).register("counts-value", AgencyDailyCount.SCHEMA$);
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url());

        assertThat(client.schemaById(id)).isEqualTo(AgencyDailyCount.SCHEMA$);
        assertThat(client.schemaById(id)).isEqualTo(AgencyDailyCount.SCHEMA$);

        assertThat(proxy.requests()).isEqualTo(1);
    }

    @Test
    void concurrentFirstUsesShareOneRequest() throws Exception {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> client.register("events-value", DataExchangeEvent.SCHEMA$));
        }
        try {
            List<Integer> ids = new ArrayList<>();
            for (Future<Integer> id : pool.invokeAll(calls)) {
                ids.add(id.get());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdown();
        }
        assertThat(proxy.requests()).isEqualTo(1);
    }

    @Test
    void anUnknownIdIsA404NamingIdAndRegistryAndIsRememberedForAWhile() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(proxy.url());

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(42));

        assertThat(e).hasMessage("Schema id 42 not found in registry " + proxy.url() + " (error 40403)");
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40403);
        assertThat(e.registryUrl()).isEqualTo(proxy.url());
        SchemaRegistryException again = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(42));
        assertThat(again.status()).isEqualTo(404);
        assertThat(proxy.requests()).as("a flood of records naming it is not a flood of requests").isEqualTo(1);
    }

    @Test
    void anUnknownIdIsAskedForAgainOnceItsTimeIsUp() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RegistryClientConfig.of(proxy.url(), Map.of()), Duration.ZERO);
        catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(42));
        int id = new RestSchemaRegistryClient(registry.url()).register("counts-value", AgencyDailyCount.SCHEMA$);
        catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(id + 1000));
        assertThat(client.schemaById(id)).isEqualTo(AgencyDailyCount.SCHEMA$);
        catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(42));
        assertThat(proxy.requests()).isEqualTo(4);
    }

    @Test
    void aRefusedRegistrationCarriesStatusErrorCodeAndSubject() {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
        client.register("events-value", DataExchangeEvent.SCHEMA$);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("events-value", AgencyDailyCount.SCHEMA$));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(409);
        assertThat(e).hasMessageStartingWith("Registering a schema under subject \"events-value\" at schema registry "
                        + registry.url() + " failed: HTTP 409 (error 409): Schema being registered is incompatible");
    }

    @Test
    void subjectsAreEncodedInThePath() throws Exception {
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(registry.url());
        String subject = "odd subject/with+chars.value";

        int id = client.register(subject, DataExchangeEvent.SCHEMA$);

        HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.body()).isEqualTo("[\"odd subject/with+chars.value\"]");
        assertThat(client.schemaById(id)).isEqualTo(DataExchangeEvent.SCHEMA$);
    }

    @Test
    void anUnreachableRegistryIsNamedInTheError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(1));

        assertThat(e).hasMessageContaining("cannot connect to schema registry " + url);
        assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
        assertThat(catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("x-value", Schema.create(Schema.Type.STRING)))).hasMessageContaining(url);
    }

    @Test
    void aNonJsonErrorPageIsReportedWithItsStatus() throws IOException {
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> reply(exchange, 503, "<html>upstream down</html>".getBytes()));
        gateway.start();
        try {
            String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> new RestSchemaRegistryClient(url).schemaById(7));

            assertThat(e.status()).isEqualTo(503);
            assertThat(e.errorCode()).isEqualTo(-1);
            assertThat(e).hasMessage("Fetching schema id 7 at schema registry " + url
                    + " failed: HTTP 503: <html>upstream down</html>");
        } finally {
            gateway.stop(0);
        }
    }

    @Test
    void anIdThatNamesNoAvroSchemaIsRefusedAndRememberedForAWhile() throws IOException {
        Map<Integer, String> answers = Map.of(
                1, "{\"schemaType\":\"JSON\",\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}",
                2, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\"; message Ping {}\"}",
                3, "{\"schema\":\"not json at all\"}",
                4, "{\"schema\":\"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{}}\"}",
                5, "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"X\\\"}\"}");
        try (CannedRegistry canned = new CannedRegistry(answers)) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(canned.url());
            // JSON Schema's {"type": "string"} is valid Avro text too: only schemaType tells them apart.
            assertThat(catchThrowableOfType(NotAvroSchemaException.class, () -> client.schemaById(1)))
                    .hasMessage("schema id 1 is a JSON schema, not Avro");
            assertThat(catchThrowableOfType(NotAvroSchemaException.class, () -> client.schemaById(2)))
                    .hasMessage("schema id 2 is a PROTOBUF schema, not Avro");
            for (int id = 3; id <= 5; id++) {
                int i = id;
                assertThat(catchThrowableOfType(NotAvroSchemaException.class, () -> client.schemaById(i)))
                        .hasMessageStartingWith("schema id " + id + " does not parse as Avro: ");
            }
            int asked = canned.requests();
            catchThrowableOfType(NotAvroSchemaException.class, () -> client.schemaById(1));
            catchThrowableOfType(NotAvroSchemaException.class, () -> client.schemaById(3));
            assertThat(canned.requests()).as("asked once per id").isEqualTo(asked).isEqualTo(5);
        }
    }

    @Test
    void anAnswerWithoutASchemaIsTheRegistrysFaultNotTheRecords() throws IOException {
        try (CannedRegistry canned = new CannedRegistry(Map.of(1, "{\"id\":1}", 2, "{\"schema\":null}"))) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(canned.url());
            for (int id = 1; id <= 2; id++) {
                int i = id;
                SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(i));
                assertThat(e).hasMessageContaining("answered schema id " + id + " without a schema");
                assertThat(e.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerIsGivenUpOnWithinTheRequestTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.setExecutor(Executors.newCachedThreadPool());
        silent.start();
        try {
            String url = "http://127.0.0.1:" + silent.getAddress().getPort();
            long start = System.nanoTime();
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> new RestSchemaRegistryClient(url).schemaById(7));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e).hasMessageContaining("did not answer in time");
            assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
            assertThat(took).isGreaterThanOrEqualTo(RestSchemaRegistryClient.REQUEST_TIMEOUT)
                    .isLessThan(RestSchemaRegistryClient.REQUEST_TIMEOUT.plusSeconds(1));
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** An HTTP server on loopback that counts the requests reaching it. */
    private static class CountingServer implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor = Executors.newFixedThreadPool(4);
        private final AtomicInteger requests = new AtomicInteger();

        CountingServer(HttpHandler handler) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                handler.handle(exchange);
            });
            server.setExecutor(executor);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
            executor.shutdown();
        }
    }

    /** Forwards every request to the registry unchanged and counts them. */
    private static final class CountingProxy extends CountingServer {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        CountingProxy(String target) throws IOException {
            super(exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getRawPath()))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().getOrDefault("Content-Type", List.of())
                        .forEach(value -> forward.header("Content-Type", value));
                try {
                    HttpResponse<byte[]> answer = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                    answer.headers().firstValue("Content-Type")
                            .ifPresent(value -> exchange.getResponseHeaders().set("Content-Type", value));
                    reply(exchange, answer.statusCode(), answer.body());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reply(exchange, 502, new byte[0]);
                }
            });
        }
    }

    /** Answers {@code GET /schemas/ids/{id}} with a fixed JSON body per id, as some registry might. */
    private static final class CannedRegistry extends CountingServer {
        CannedRegistry(Map<Integer, String> answers) throws IOException {
            super(exchange -> {
                String path = exchange.getRequestURI().getPath();
                String answer = answers.get(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)));
                reply(exchange, 200, answer.getBytes(StandardCharsets.UTF_8));
            });
        }
    }
}
