package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.TopologyException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.testing.TestTopologies;

/**
 * A task's id is its sub-topology's number and its input partition; its state directory and its
 * stores' changelogs follow from that. A change that renumbers the sub-topologies or moves a store
 * between them cannot be rolled out over a running deployment without resetting the app, so the
 * layout is pinned here: a test to update on purpose, with a note in the release. So are the
 * classifier's children, which it forwards to by name.
 */
class TopologyLayoutTest {

    /** What a sub-topology reads and what it keeps. */
    private record Layout(Set<String> sourceTopics, Set<String> stores) {}

    /** By sub-topology number. */
    private static final Map<Integer, Layout> LAYOUT = Map.of(
            0, new Layout(Set.of(Topics.EXCHANGE_EVENTS),
                    Set.of(Names.EVENT_IDS_STORE, Names.HYGIENE_STORE, Names.PARTIALS_STORE)),
            1, new Layout(Set.of(Names.ANALYTICS_PARTIALS + "-repartition"), Set.of(
                    Names.SYSTEMS_COMMIT_HOOK, Names.DAILY_COMMIT_HOOK, Names.SERVICE_MINUTE_STORE, Names.SERVICE_DAILY_STORE,
                    Names.SERVICE_TOTALS_STORE, Names.SYSTEM_STATE_STORE, Names.BASELINE_STORE, Names.WATERMARK_STORE,
                    Names.ALERTS_STORE, Names.FLOWS_STORE, Names.PLATFORM_MINUTE_STORE)),
            2, new Layout(Set.of(Names.BY_AGENCY_DAY + "-repartition"), Set.of(Names.DAILY_COUNTS_STORE, Names.AGENCY_TOTALS_STORE, Names.COUNTS_REPORTER_HOOK)));

    private final TopologyDescription description = describe();

    private static TopologyDescription describe() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        return DailyCountsTopology.build(DailyCountsTopology.DEFAULT_GRACE,
                InputRules.defaults(CatalogCodes.builtIn()), ExchangeEventDeserializer.serde(registry),
                ConfluentAvroSerde.forValues(registry, AgencyDailyCount.class), TestTopologies.analytics(registry)).describe();
    }

    @Test
    void theClassifierHasExactlyTheChildrenItForwardsToByName() {
        Set<String> children = new HashSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node.name().equals(Names.CLASSIFY)) {
                    node.successors().forEach(child -> children.add(child.name()));
                }
            }
        }
        assertThat(children).containsExactlyInAnyOrder(Names.ANALYTICS_COMBINE, Names.DLQ_SINK, Names.LATE_SINK);
    }

    @Test
    void subTopologiesKeepTheirNumbersSourcesAndStores() {
        Map<Integer, Layout> layout = new HashMap<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            Set<String> topics = new HashSet<>();
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            layout.put(sub.id(), new Layout(topics, stores));
        }
        assertThat(layout).isEqualTo(LAYOUT);
    }

    /** The topology above builds under Kafka Streams' naming guard; an unnamed repartition or store would not. */
    @Test
    void anUnnamedRepartitionOrStoreFailsTheBuild() {
        StreamsBuilder builder = new StreamsBuilder(DailyCountsTopology.namingGuard());
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()).withName("source"))
                .selectKey((k, v) -> v, Named.as("by-value"))
                .groupByKey()
                .count(Named.as("count"));

        assertThatThrownBy(builder::build).isInstanceOf(TopologyException.class)
                .hasMessageContaining("Following changelog topic(s) has not been named")
                .hasMessageContaining("Following repartition topic(s) has not been named");
    }
}
