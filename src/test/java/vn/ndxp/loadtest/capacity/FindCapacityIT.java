package vn.ndxp.loadtest.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.cli.Ndxp;
import vn.ndxp.testing.TestPlatform;

/**
 * {@code replay --find-capacity} against the real embedded broker, registry and streams app: a short
 * search (steps of 6 s rising sixteenfold, a freshness SLO of 2 s) that must end at a step the platform
 * or the generator cannot take, and a report that agrees with itself and with what was printed.
 */
class FindCapacityIT {
    private static final double SLO_MS = 2_000;

    @TempDir
    static Path dir;
    static TestPlatform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(dir, "find-capacity-it");
        // A search judges a running platform: one still joining its group would break the first step.
        platform.awaitReady();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static int ndxp(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(platform.kafkaArgs()));
        return Ndxp.execute(all.toArray(String[]::new));
    }

    @Test
    void aSearchEndsAtTheFirstStepNotSustainedAndTheCapacityIsTheStepBefore() throws IOException {
        Path file = dir.resolve("capacity.json");
        String[] out = new String[2];
        // A search of one step first, to warm the app: a JVM compiling its first minute breaks the first steps.
        assertThat(captured(out, () -> ndxp("replay", "--find-capacity", "--metrics-url", platform.metricsUrl(),
                "--start-rate", "500", "--max-rate", "500", "--hold", "8s", "--warm-up", "2s"))).as(out[1]).isZero();
        assertThat(out[0]).contains("step 1: 500 events/s");

        int exit = captured(out, () -> ndxp("replay", "--find-capacity", "--metrics-url", platform.metricsUrl(),
                "--start-rate", "400", "--step-factor", "16", "--max-rate", "409600", "--hold", "6s", "--warm-up", "2s",
                "--slo-freshness", "2s", "--report", file.toString()));
        assertThat(exit).as(out[1]).isZero();

        JsonNode report = new ObjectMapper().readTree(file.toFile());
        JsonNode steps = report.get("steps");
        assertThat(steps.size()).as("400, 6,400, 102,400 and 409,600 events/s at most").isBetween(1, 4);
        assertThat(report.get("slo").get("freshnessP99Ms").asDouble()).isEqualTo(SLO_MS);

        long previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            long rate = s.get("rateEps").asLong();
            assertThat(rate).as("steps ascending from the start rate").isEqualTo(i == 0 ? 400 : Math.min(previous * 16, 409_600));
            previous = rate;
            assertThat(s.get("acked").asLong()).as("every send acknowledged or failed, exactly")
                    .isEqualTo(s.get("sent").asLong() - s.get("failed").asLong());
            boolean last = i == steps.size() - 1;
            assertThat(s.get("sustained").asBoolean()).as("only the last step breaks").isEqualTo(!last);
            if (!last) {
                assertThat(s.get("freshnessP99Ms").asDouble()).isLessThanOrEqualTo(SLO_MS);
                assertThat(s.get("achievedEps").asDouble()).isGreaterThanOrEqualTo(0.95 * rate);
                assertThat(s.get("processed").asLong()).isPositive();
                assertThat(s.has("lagMax")).as("the stage lag gauges are on the page").isTrue();
            }
        }
        JsonNode broken = steps.get(steps.size() - 1);
        assertThat(broken.get("sustained").asBoolean()).as("the search ended on a step not sustained, not at the max rate")
                .isFalse();
        String limit = broken.get("limit").asText();
        assertThat(report.get("limitedBy").asText()).isEqualTo(limit.toLowerCase());
        if (limit.equals("PLATFORM")) {
            boolean stale = !broken.has("freshnessP99Ms") || broken.get("freshnessP99Ms").asDouble() > SLO_MS;
            boolean growing = broken.has("lagGrowthPerSecond")
                    && broken.get("lagGrowthPerSecond").asDouble() > 0.05 * broken.get("rateEps").asLong();
            assertThat(stale || growing).as("the reason is in the figures: " + broken).isTrue();
        } else {
            assertThat(broken.get("achievedEps").asDouble() < 0.95 * broken.get("rateEps").asLong()
                    || broken.get("failed").asLong() > 0).as("the reason is in the figures: " + broken).isTrue();
            assertThat(broken.get("reason").asText()).contains("load generator");
        }
        // On two busy shared cores even the first step may break; the report must say so consistently.
        if (steps.size() > 1) {
            assertThat(report.get("capacityEps").asLong()).isEqualTo(steps.get(steps.size() - 2).get("rateEps").asLong());
        } else {
            assertThat(report.get("capacityEps").isNull()).isTrue();
            assertThat(report.get("conclusion").asText()).contains("below the start rate of 400 events/s");
        }

        // One plain line per step as it was judged, then the conclusion.
        List<String> lines = out[0].lines().filter(l -> l.startsWith("step ")).toList();
        assertThat(lines).hasSize(steps.size());
        assertThat(lines.get(lines.size() - 1)).contains("NOT sustained, " + broken.get("reason").asText());
        assertThat(out[0]).contains(report.get("conclusion").asText());
    }

    @Test
    void withoutAReadableMetricsUrlTheSearchDoesNotStart() throws IOException {
        String[] out = new String[2];
        assertThat(captured(out, () -> ndxp("replay", "--find-capacity"))).isEqualTo(1);
        assertThat(out[1]).contains("--find-capacity needs --metrics-url");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed: nothing listens there
        }
        assertThat(captured(out, () -> ndxp("replay", "--find-capacity", "--metrics-url",
                "http://127.0.0.1:" + port + "/metrics"))).isEqualTo(1);
        assertThat(out[1]).contains("Cannot read --metrics-url http://127.0.0.1:" + port + "/metrics");
        assertThat(captured(out, () -> ndxp("replay", "--find-capacity", "--metrics-url", platform.metricsUrl(),
                "--rate", "100"))).isEqualTo(1);
        assertThat(out[1]).contains("drop --rate");
    }

    /** Runs with stdout and stderr captured into {@code out[0]} and {@code out[1]}. */
    private static int captured(String[] out, IntSupplier run) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return run.getAsInt();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out[0] = stdout.toString(StandardCharsets.UTF_8);
            out[1] = stderr.toString(StandardCharsets.UTF_8);
            oldOut.print(out[0]);
        }
    }
}
