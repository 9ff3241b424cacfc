package vn.ndxp.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.model.Topics.TopicSpec;

/** Creates the topics that do not exist yet; existing topics are left exactly as they are. */
public final class TopicCreator {
    private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {}

    /** Asks each new partition's leader for its end offset: the admin client retries until it can answer. */
    private static void awaitLeaders(Admin admin, List<NewTopic> created) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic t : created) {
            for (int p = 0; p < t.numPartitions(); p++) {
                partitions.put(new TopicPartition(t.name(), p), OffsetSpec.latest());
            }
        }
        // Right after creation the metadata may not have reached the broker's cache yet: ask again.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Creates the missing topics and returns once every partition of them has a leader that
     * serves requests. Producing into a partition whose leader is not ready yet can make an
     * idempotent producer lose records: its first batch is refused (NOT_LEADER_OR_FOLLOWER), a
     * later one is accepted as the new producer's first, and the first batch's retries then fail
     * as out of order until they time out.
     */
    public static void ensure(Map<String, Object> clientProps, List<TopicSpec> topics) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : topics) {
                if (!existing.contains(spec.name())) {
                    NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty());
                    Map<String, String> configs = new HashMap<>();
                    if (spec.compacted()) {
                        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    }
                    if (spec.arrivalTime()) {
                        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
                    }
                    topic.configs(configs);
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(admin, missing);
                missing.forEach(t -> log.info("Created topic {} ({} partitions)", t.name(), t.numPartitions()));
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                // A KafkaException, as the clients raise for an unreachable or refusing cluster: the
                // commands report those in one line.
                throw new KafkaException("Cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }
}
