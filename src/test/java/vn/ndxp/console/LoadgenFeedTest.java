package vn.ndxp.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import vn.ndxp.loadtest.LoadStats;
import vn.ndxp.loadtest.LoadgenMetrics;
import vn.ndxp.metrics.export.FilteredScrapeRegistry;
import vn.ndxp.metrics.export.MetricsServer;
import vn.ndxp.pacing.Schedule;

/** The load generator's figures, from its real /metrics over HTTP and from meters in the same process. */
class LoadgenFeedTest {
    private final PrometheusMeterRegistry loadgenRegistry = FilteredScrapeRegistry.meterRegistry();
    LoadgenFeedTest() {
        // Held by nothing but the meters, as at the end of a replay.
        LoadStats stats = new LoadStats(Schedule.rate(500, Duration.ZERO));
        stats.start(System.nanoTime());
        new LoadgenMetrics(stats).bindTo(loadgenRegistry);
        long now = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            stats.acked(now, now, now + 1_000_000);
        }
        stats.failed(new IOException("broker gone"));
    }

    @Test
    void readsAReplaysMetricsOverHttp() {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, loadgenRegistry, () -> { }, () -> true,
                () -> MetricsServer.Check.up("ok"))) {
            URI url = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
            Overview.Loadgen l = new LoadgenFeed(FilteredScrapeRegistry.meterRegistry(), url).read();
            assertThat(l.error()).isNull();
            assertThat(l.source()).isEqualTo(url.toString());
            assertThat(l.targetRate()).isEqualTo(500.0);
            assertThat(l.acked()).isEqualTo(3);
            assertThat(l.failed()).isEqualTo(1);
        }
    }

    @Test
    void readsALoadGeneratorInTheSameProcessFirst() {
        System.gc(); // the stats are held by the meters alone: they must still read
        Overview.Loadgen l = new LoadgenFeed(loadgenRegistry, URI.create("http://127.0.0.1:1/metrics")).read();
        assertThat(l.source()).isEqualTo("this process");
        assertThat(l.acked()).isEqualTo(3);
        assertThat(l.targetRate()).isEqualTo(500.0);
    }

    @Test
    void saysSoWhenTheLoadGeneratorDoesNotAnswer() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Overview.Loadgen l = new LoadgenFeed(FilteredScrapeRegistry.meterRegistry(),
                URI.create("http://127.0.0.1:" + closed + "/metrics")).read();
        assertThat(l.error()).startsWith("not answering");
        assertThat(new LoadgenFeed(FilteredScrapeRegistry.meterRegistry(), null).read()).as("none configured").isNull();
    }
}
