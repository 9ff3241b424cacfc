package vn.ndxp.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/v1/instances}: every instance of the application as the group's assignment
 * shows it ({@code metadataForAllStreamsClients}), with what its tasks own; the state of the
 * others is asked of them at once, each with a short deadline, and is null if they do not answer.
 */
final class InstanceMetadata {
    /** An instance that does not tell its state within this is listed with state null. */
    static final Duration STATE_DEADLINE = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Peers peers;

    InstanceMetadata(KafkaStreams streams, HostInfo self, Peers peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    /** This instance's own state, for the others ({@code /internal/v1/state}). */
    Views.InstanceState localState() {
        return new Views.InstanceState(streams.state().name());
    }

    Views.Instances all() {
        Collection<StreamsMetadata> all = streams.metadataForAllStreamsClients();
        List<StreamsMetadata> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((StreamsMetadata m) -> m.host()).thenComparingInt(StreamsMetadata::port));
        List<CompletableFuture<String>> states = new ArrayList<>();
        for (StreamsMetadata m : sorted) {
            states.add(m.hostInfo().equals(self) ? CompletableFuture.completedFuture(streams.state().name())
                    : peers.<Views.InstanceState>getAsync(m.hostInfo(), "/internal/v1/state",
                            Json.MAPPER.constructType(Views.InstanceState.class), STATE_DEADLINE)
                            .handle((s, error) -> error == null ? s.state() : null));
        }
        List<Views.Instance> out = new ArrayList<>();
        boolean selfListed = false;
        for (int i = 0; i < sorted.size(); i++) {
            StreamsMetadata m = sorted.get(i);
            boolean isSelf = m.hostInfo().equals(self);
            selfListed |= isSelf;
            out.add(new Views.Instance(server(m.hostInfo()), isSelf, states.get(i).join(),
                    new Views.Ownership(List.copyOf(new TreeSet<>(m.stateStoreNames())), byTopic(m.topicPartitions())),
                    new Views.Ownership(List.copyOf(new TreeSet<>(m.standbyStateStoreNames())),
                            byTopic(m.standbyTopicPartitions()))));
        }
        if (!selfListed) {
            // Before the first assignment (or while this one rejoins) the group does not list it yet.
            out.add(new Views.Instance(server(self), true, streams.state().name(), Views.Ownership.NONE,
                    Views.Ownership.NONE));
        }
        return new Views.Instances(server(self), out);
    }

    private static String server(HostInfo h) {
        return h.host() + ":" + h.port();
    }

    /** Partitions by topic, both sorted. */
    static Map<String, List<Integer>> byTopic(Set<TopicPartition> partitions) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            out.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        out.values().forEach(l -> l.sort(Comparator.naturalOrder()));
        return out;
    }
}
