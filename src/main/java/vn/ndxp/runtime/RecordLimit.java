package vn.ndxp.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest record the app can copy to the dead-letter and late topics: the producer's
 * {@code max.request.size}, or a topic's {@code max.message.bytes} if smaller. Anything larger goes
 * out as a {@code too-large} reference ({@code vn.ndxp.topology.TooLargeRecords}). Under
 * exactly-once the topology must know the limit beforehand: a record the broker refuses leaves the
 * transaction to abort, and the same input record would be read again after every abort.
 */
final class RecordLimit {
    private static final Logger log = LoggerFactory.getLogger(RecordLimit.class);
    private static final long TIMEOUT_S = 30;

    private RecordLimit() {}

    static int of(Map<String, Object> clientProps, int maxRequestSize, List<String> topics) {
        Properties props = new Properties();
        props.putAll(clientProps);
        List<ConfigResource> resources = new ArrayList<>();
        topics.forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
        int limit = maxRequestSize;
        try (Admin admin = Admin.create(props)) {
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
                ConfigEntry entry = e.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null && Integer.parseInt(entry.value()) < limit) {
                    limit = Integer.parseInt(entry.value());
                    log.info("Topic {} takes records of up to {} bytes: larger dead letters and late events go out as references",
                            e.getKey().name(), limit);
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // No right to describe topics, say: the broker's default is at least as large as the producer's.
            log.warn("Cannot read max.message.bytes of {} ({}); assuming max.request.size ({} bytes)",
                    topics, e.getCause() == null ? e.toString() : e.getCause().getMessage(), maxRequestSize);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return limit;
    }
}
