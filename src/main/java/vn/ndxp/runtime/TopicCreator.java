package vn.ndxp.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.Topics.TopicSpec;

/** Creates the topics that do not exist yet; existing topics are left exactly as they are. */
public final class TopicCreator {
    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {}

    /**
     * Compacted topics keep the newest value per key. The others keep records by the time they
     * were appended, not by their timestamps: a replay of last month's traffic carries last month's
     * timestamps, and time-based retention would delete it within minutes of its arrival.
     */
    static Map<String, String> configs(TopicSpec spec) {
        return spec.compacted()
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }

    public static void ensure(Map<String, Object> clientProps, List<TopicSpec> topics) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : topics) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                            .configs(configs(spec)));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                missing.forEach(t -> log.info("Created topic {} ({} partitions)", t.name(), t.numPartitions()));
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
