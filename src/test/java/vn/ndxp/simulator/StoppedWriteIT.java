package vn.ndxp.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.testing.NdxpProcess;

/**
 * {@code simulate --out} stopped half-way (SIGTERM, as {@code docker compose stop} sends) leaves no
 * file under the name, so that the compose load generator's {@code test -s day.jsonl || simulate}
 * writes it whole at the next start instead of replaying a truncated day; an older file of the name
 * is left as it was. The next run writes it whole.
 */
class StoppedWriteIT {
    @TempDir
    Path dir;

    @Test
    void aStopHalfWayLeavesNoTruncatedFile() throws IOException {
        Path day = dir.resolve("day.jsonl");
        Path partial = dir.resolve(".day.jsonl.partial");
        try (NdxpProcess simulate = NdxpProcess.start("stopped-write", Path.of("target", "it-logs"), "256m", "simulate",
                "--from", "2024-04-24", "--volume", "2800000", "--out", day.toString())) {
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(partial) && Files.size(partial) > 4_000_000);
            simulate.terminate();
            assertThat(simulate.awaitExit(Duration.ofSeconds(30))).isNotZero();
        }
        assertThat(day).as("no file under the name after a stop half-way").doesNotExist();

        try (NdxpProcess simulate = NdxpProcess.start("stopped-write", Path.of("target", "it-logs"), "256m", "simulate",
                "--from", "2024-04-24", "--volume", "2000", "--out", day.toString())) {
            assertThat(simulate.awaitExit(Duration.ofMinutes(1))).isZero();
        }
        long events = 0;
        try (EventReader reader = EventReader.open(day)) {
            while (reader.next() != null) {
                events++;
            }
        }
        assertThat(events).as("the next run writes it whole").isGreaterThan(1_000);
        assertThat(partial).doesNotExist();
    }
}
