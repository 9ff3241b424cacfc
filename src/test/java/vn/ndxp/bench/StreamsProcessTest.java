package vn.ndxp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The streams app's JVM as the benchmark starts it: the ops kit's collector unless told otherwise. */
class StreamsProcessTest {

    @Test
    void parallelCollectorUnlessTheOptionsChooseOne() {
        assertThat(StreamsProcess.jvmOptions("512m", List.of("-XX:StartFlightRecording=filename=s.jfr")))
                .containsExactly("-Xmx512m", "-XX:+UseParallelGC", "-XX:StartFlightRecording=filename=s.jfr");
        // Two collectors would stop the JVM before it starts.
        assertThat(StreamsProcess.jvmOptions("1g", List.of("-XX:+UseG1GC")))
                .containsExactly("-Xmx1g", "-XX:+UseG1GC");
        assertThat(StreamsProcess.jvmOptions("1g", List.of("-XX:+UseSerialGC", "-Xlog:gc")))
                .containsExactly("-Xmx1g", "-XX:+UseSerialGC", "-Xlog:gc");
    }
}
