package vn.ndxp.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * For a failing fault test: every partition whose last stable offset lags its high watermark, and
 * the producers with a transaction open on it, so that a transaction left hanging shows itself.
 */
public final class TransactionProbe {
    private TransactionProbe() {}

    public static String describe(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, TopicDescription> topics = admin.describeTopics(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            topics.values().forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition()))));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var high = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
            var producers = admin.describeProducers(partitions).all().get(30, TimeUnit.SECONDS);
            Map<String, String> lines = new TreeMap<>();
            long now = System.currentTimeMillis();
            for (TopicPartition tp : partitions) {
                long hw = high.get(tp).offset();
                long lso = stable.get(tp).offset();
                List<String> open = new ArrayList<>();
                for (ProducerState s : producers.get(tp).activeProducers()) {
                    if (s.currentTransactionStartOffset().isPresent()) {
                        open.add("producer " + s.producerId() + " epoch " + s.producerEpoch() + " since offset "
                                + s.currentTransactionStartOffset().getAsLong() + ", last write " + (now - s.lastTimestamp()) + " ms ago");
                    }
                }
                if (hw != lso || !open.isEmpty()) {
                    lines.put(tp.toString(), "high watermark " + hw + ", last stable " + lso + "; open: " + open);
                }
            }
            StringBuilder out = new StringBuilder();
            lines.forEach((tp, line) -> out.append("  ").append(tp).append(": ").append(line).append('\n'));
            return out.length() == 0 ? "  none: every partition's last stable offset is its high watermark\n" : out.toString();
        } catch (Exception e) {
            return "  (cannot describe: " + e + ")\n";
        }
    }
}
