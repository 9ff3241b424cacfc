package vn.ndxp.metrics.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import vn.ndxp.testing.PrometheusText;

class BuildInfoTest {
    @Test
    void everyRegistryOfTheAppSaysWhichBuildItIs() {
        BuildInfo build = BuildInfo.current();
        assertThat(build.version()).as("filled in by the build").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(build.commit()).as("a git checkout").matches("[0-9a-f]{12}|unknown");
        assertThat(build.kafkaVersion()).isEqualTo(AppInfoParser.getVersion());

        Map<String, Double> scraped = PrometheusText.parse(FilteredScrapeRegistry.meterRegistry().scrape());
        assertThat(scraped).containsEntry(PrometheusText.key("ndxp_build_info", "commit", build.commit(),
                "java_version", build.javaVersion(), "kafka_version", build.kafkaVersion(), "version", build.version()), 1.0);
    }
}
