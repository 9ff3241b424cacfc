package vn.ndxp.testing;

import java.time.Duration;
import org.apache.kafka.streams.TopologyTestDriver;
import vn.ndxp.model.avro.Alert;
import vn.ndxp.model.avro.FlowCount;
import vn.ndxp.model.avro.ServiceHealth;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsTopology;

/** The analytics part of the topology as unit tests of the counting build it. */
public final class TestTopologies {
    private TestTopologies() {}

    public static AnalyticsTopology analytics(SchemaRegistryClient registry) {
        return new AnalyticsTopology(AnalyticsConfig.defaults(), new AnalyticsTopology.OutputSerdes(
                ConfluentAvroSerde.forValues(registry, Alert.class), ConfluentAvroSerde.forValues(registry, FlowCount.class),
                ConfluentAvroSerde.forValues(registry, ServiceHealth.class)), lagMs -> { });
    }

    /** Moves the wall clock past the combiner's flush interval: its partial counts reach the counts. */
    public static void flush(TopologyTestDriver driver) {
        driver.advanceWallClockTime(AnalyticsConfig.defaults().flushInterval().plus(Duration.ofMillis(1)));
    }
}
