package vn.ndxp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.ScaledCatalog;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.cli.Ndxp;

/**
 * {@code ndxp bench} as a user runs it, on two small days counted twice: every phase on its own
 * embedded broker, the streams app in a JVM of its own, exact counts at the end, freshness from a
 * cold start (short periods at a low rate), the figures in JSON.
 */
class BenchIT {
    @TempDir
    Path dir;

    @Test
    void measuresEveryPhaseAndEndsWithExactCounts() throws Exception {
        Path json = dir.resolve("bench.json");
        // Twice the built-in catalog: the app must be given it too, or it sends the copies' events to the dead letters.
        Path catalog = Files.writeString(dir.resolve("catalog-2x.yaml"), ScaledCatalog.yaml(CatalogLoader.builtIn(), 2, 1));

        int exit = Ndxp.execute(new String[] {"bench", "--events", "20000", "--days", "2", "--repeat", "1",
                "--catalog", catalog.toString(), "--freshness-rate", "400", "--freshness-duration", "4s",
                "--json", json.toString()});

        assertThat(exit).as("exit code: 0 only when the counts end exact").isZero();
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("events").asLong()).isEqualTo(20_000);
        assertThat(figures.get("days").asInt()).isEqualTo(2);
        assertThat(figures.get("exact").asBoolean()).as("both days' counts").isTrue();
        assertThat(figures.get("topology_last_day_eps").asDouble()).as("the second day timed alone").isPositive();
        // One run of each: the median of several is BenchReportTest's.
        JsonNode runs = figures.get("topology_runs_eps");
        assertThat(runs).as("a fresh streams JVM counted the days").hasSize(1);
        assertThat(figures.get("baseline_dsl_runs_eps")).as("the baseline counted the days after it").hasSize(1);
        assertThat(figures.get("topology_eps").asDouble()).isEqualTo(runs.get(0).asDouble());
        for (String key : new String[] {"raw_producer_eps", "raw_consumer_eps", "generator_eps", "simulator_ingest_eps",
                "replay_eps", "replay_to_raw_producer", "topology_eps", "baseline_dsl_eps", "topology_vs_baseline",
                "baseline_dsl_cpu_us_per_event", "end_to_end_eps", "streams_heap_peak_bytes",
                "streams_changelog_bytes", "metrics_scrape_ms"}) {
            assertThat(figures.get(key).asDouble()).as(key).isPositive();
        }
        Catalog scaled = CatalogLoader.load(catalog);
        long agencyRoles = scaled.consumers().stream().map(SystemInfo::agencyCode).distinct().count()
                + scaled.providers().stream().map(SystemInfo::agencyCode).distinct().count();
        assertThat(figures.get("metrics_ndxp_series").asLong())
                .as("the app knew both copies: 6 series per agency-role, 18 per provider system")
                .isGreaterThanOrEqualTo(6 * agencyRoles + 18L * scaled.providers().size());
        assertThat(figures.get("metrics_series").asInt()).isGreaterThan(figures.get("metrics_ndxp_series").asInt());
        // Every event is counted within a flush (1 s) and a commit of its send on a warm platform; 15 s
        // would be a backlog (the rate not sustained) or events not counted at all.
        for (String period : new String[] {"cold_", ""}) {
            double p50 = figures.get(period + "freshness_p50_ms").asDouble();
            double p99 = figures.get(period + "freshness_p99_ms").asDouble();
            assertThat(p50).as(period + "freshness p50").isPositive();
            assertThat(p99).as(period + "freshness p99").isBetween(p50, figures.get(period + "freshness_max_ms").asDouble());
        }
        assertThat(figures.get("freshness_p99_ms").asDouble()).as("warm: within a few flushes").isLessThan(15_000);
        assertThat(figures.get("freshness_rate_eps").asDouble()).isEqualTo(400);
        JsonNode cpu = figures.get("topology_cpu_us_per_event_by_thread");
        double known = cpu.get("stream_thread").asDouble() + cpu.get("gc").asDouble() + cpu.get("jit").asDouble()
                + cpu.get("producer_io").asDouble();
        assertThat(cpu.get("stream_thread").asDouble()).as("the stream thread's own counter").isPositive();
        assertThat(cpu.get("jit").asDouble()).as("a fresh JVM compiles").isPositive();
        assertThat(known).isLessThanOrEqualTo(figures.get("topology_cpu_us_per_event").asDouble() * 1.01);
        assertThat(figures.get("topology_platform_cpu_us_per_event").get("total").asDouble())
                .as("the broker served the streams app").isPositive();
    }
}
