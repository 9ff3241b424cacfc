package vn.ndxp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsAppPropertiesTest {

    private static Properties properties(Map<String, Object> userProperties) {
        return StreamsProperties.streamsProperties(StreamsApp.Options.of("127.0.0.1:9092", "http://127.0.0.1:8081", "app", Path.of("state"))
                .withKafkaProperties(userProperties));
    }

    @Test
    void underExactlyOnceCommitsFollowTheCombinersFlushesWithAFewSecondsBackstop() {
        Properties p = properties(Map.of());

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(5_000);
    }

    @Test
    void theUsersPropertiesWinAndAtLeastOnceKeepsKafkasInterval() {
        assertThat(properties(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"))
                .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
        assertThat(properties(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)))
                .doesNotContainKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }
}
