package vn.ndxp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.ndxp.runtime.Ports;

class NdxpTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "broker", "streams", "simulate", "replay", "record", "catalog", "dlq", "bench"})
    void everyCommandExplainsItself(String command) {
        String[] args = command.isEmpty() ? new String[] {"--help"} : new String[] {command, "--help"};
        Run run = run(args);
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("Usage: ndxp" + (command.isEmpty() ? "" : " " + command)).contains("--help");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutStackTrace() {
        Run run = run(new String[] {"streams", "--no-such-option"});
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Unknown option: '--no-such-option'").doesNotContain("Exception");
    }

    @Test
    void aMissingReplayFileIsReportedByName() {
        Run run = run(new String[] {"replay", "--file", "/nonexistent/day.jsonl"});
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("/nonexistent/day.jsonl").doesNotContain("Exception");
    }

    @Test
    void replayOptionsThatMakeNoSenseAreUserErrors() {
        Run run = run(new String[] {"replay", "--file", "pom.xml", "--ramp", "30s"});
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("--ramp needs a target").doesNotContain("Exception");
        Run both = run(new String[] {"replay", "--file", "pom.xml", "--rate", "5", "--speed", "2"});
        assertThat(both.exitCode).isEqualTo(2);
        assertThat(both.err).contains("mutually exclusive");
    }

    @Test
    void recordRefusesAnUnknownCodecAndAnEmptyRange() {
        Run range = run(new String[] {"record", "--out", "x.avro", "--from", "2024-04-24T02:00:00Z", "--to", "2024-04-24T01:00:00Z"});
        assertThat(range.exitCode).isEqualTo(1);
        assertThat(range.err).contains("must be before --to");
        Run format = run(new String[] {"record", "--out", "x.avro", "--format", "xml"});
        assertThat(format.exitCode).isEqualTo(2);
        assertThat(format.err).contains("'xml' is not a file format");
    }

    @Test
    void aMissingCatalogIsReportedByNameBeforeAnythingStarts() {
        Run run = run(new String[] {"streams", "--catalog", "/nonexistent/catalog.yaml"});
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("/nonexistent/catalog.yaml").doesNotContain("Exception");
    }

    @Test
    void anInvalidCatalogIsReportedWithItsProblems(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, "agencies:\n  - {code: x, kind: MINISTRY, nameVi: a, nameEn: a}\nsystems: []\n");
        Run run = run(new String[] {"streams", "--catalog", file.toString()});
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("catalog.yaml").doesNotContain("Exception");
    }

    @Test
    void aClusterThatDoesNotAnswerIsReportedWithoutStackTrace() {
        String nobody = "127.0.0.1:" + Ports.free("127.0.0.1");
        Run run = run(new String[] {"streams", "--bootstrap-servers", nobody, "-P", "default.api.timeout.ms=1000",
                "-P", "request.timeout.ms=500", "--metrics-port", "0", "--api-port", "0"});
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("Kafka at " + nobody + ": Cannot create topics").doesNotContain("Exception");
    }

    @Test
    void dlqReportsAClusterThatDoesNotAnswerWithoutStackTrace() {
        String nobody = "127.0.0.1:" + Ports.free("127.0.0.1");
        Run run = run(new String[] {"dlq", "--bootstrap-servers", nobody, "-P", "default.api.timeout.ms=1000"});
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("Kafka at " + nobody + ": Timeout").doesNotContain("Exception");
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String[] args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Ndxp.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
