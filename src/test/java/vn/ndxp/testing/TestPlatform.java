package vn.ndxp.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;

/**
 * The real platform for an integration test: the embedded broker and registry on free ports and
 * the streams app with its metrics endpoint, all on loopback.
 */
public final class TestPlatform implements AutoCloseable {
    private final EmbeddedPlatform platform;
    private final StreamsApp app;

    private TestPlatform(EmbeddedPlatform platform, StreamsApp app) {
        this.platform = platform;
        this.app = app;
    }

    /** The app commits every 100 ms, so that counts show at once whatever else it does. */
    public static TestPlatform start(Path dir, String applicationId) {
        return start(dir, applicationId, o -> o.withKafkaProperties(Map.of("commit.interval.ms", 100)));
    }

    /** The app with its default options as {@code tune} changes them. */
    public static TestPlatform start(Path dir, String applicationId, UnaryOperator<StreamsApp.Options> tune) {
        EmbeddedPlatform platform = EmbeddedPlatform.start("127.0.0.1", 0, 0, dir.resolve("platform"), 6);
        try {
            StreamsApp app = StreamsApp.start(tune.apply(StreamsApp.Options.of(platform.bootstrapServers(),
                    platform.schemaRegistryUrl(), applicationId, dir.resolve("state"))), () -> { });
            return new TestPlatform(platform, app);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return platform.bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return platform.schemaRegistryUrl();
    }

    public int metricsPort() {
        return app.metricsPort();
    }

    public String metricsUrl() {
        return "http://127.0.0.1:" + app.metricsPort() + "/metrics";
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + app.apiPort();
    }

    /** Waits until the app's {@code /ready} says 200: running, restored and caught up, as a load meets it in production. */
    public void awaitReady() {
        String ready = "http://127.0.0.1:" + app.metricsPort() + "/ready";
        await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(ready).statusCode() == 200);
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + app.metricsPort() + "/health";
    }

    /** The command-line options that point a command at this platform. */
    public String[] kafkaArgs() {
        return new String[] {"--bootstrap-servers", bootstrapServers(), "--schema-registry-url", schemaRegistryUrl()};
    }

    @Override
    public void close() {
        app.close();
        platform.close();
    }
}
