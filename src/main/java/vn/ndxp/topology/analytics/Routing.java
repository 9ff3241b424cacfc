package vn.ndxp.topology.analytics;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The keys of the partials repartition topic, which decide which task (and so which instance)
 * owns a subject's state:
 * <ul>
 *   <li>{@code S|<system>}: everything about a system (its service health as a provider, its
 *       activity, baseline and alerts); the stores {@code service-health-*}, {@code system-state},
 *       {@code volume-baseline} and {@code alerts} are partitioned by it;</li>
 *   <li>{@code D|<YYYY-MM-DD>}: everything about a local day platform-wide (agency flows, events
 *       per minute); the stores {@code flows-daily} and {@code platform-minute} are partitioned by it;</li>
 *   <li>{@code W}: a watermark, sent to every partition.</li>
 * </ul>
 * Other keys use the producer's default partitioning (murmur2 of the UTF-8 key), so the query API
 * finds a subject's owner with {@code queryMetadataForKey(store, Routing.system(code), Routing.KEY_SERIALIZER)}.
 */
public final class Routing {
    public static final String WATERMARK = "W";
    public static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private Routing() {}

    public static String system(String code) {
        return "S|" + code;
    }

    public static String day(LocalDate date) {
        return "D|" + date;
    }

    static String day(long epochDay) {
        return day(LocalDate.ofEpochDay(epochDay));
    }

    static boolean isSystem(String key) {
        return key.startsWith("S|");
    }

    /** Default partitioning, except that a watermark goes to every partition. */
    static final class Partitioner implements StreamPartitioner<String, Partial> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, Partial value, int numPartitions) {
            if (WATERMARK.equals(key)) {
                return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            }
            return Optional.empty();
        }
    }
}
