package vn.ndxp.testing;

import java.time.Duration;
import org.apache.kafka.streams.TopologyTestDriver;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.serde.SchemaRegistryClient;
import vn.ndxp.topology.Names;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsTopology;
import vn.ndxp.topology.analytics.EventTimes;

/** The analytics part of the topology as unit tests of the counting build it. */
public final class TestTopologies {
    private TestTopologies() {}

    public static AnalyticsTopology analytics(SchemaRegistryClient registry) {
        return new AnalyticsTopology(AnalyticsConfig.defaults(), AnalyticsTopology.OutputSerdes.confluent(registry), EventTimes.IGNORED);
    }

    /** A daily count after the combiner's next flush, null if there is none. */
    public static AgencyDailyCount countAfterFlush(TopologyTestDriver driver, String key) {
        flush(driver);
        return driver.<String, AgencyDailyCount>getKeyValueStore(Names.DAILY_COUNTS_STORE).get(key);
    }

    /** A daily count's total after the combiner's next flush, 0 if there is none. */
    public static long totalAfterFlush(TopologyTestDriver driver, String key) {
        AgencyDailyCount c = countAfterFlush(driver, key);
        return c == null ? 0 : c.getTotal();
    }

    /** Moves the wall clock past the combiner's flush interval: its partial counts reach the counts. */
    public static void flush(TopologyTestDriver driver) {
        driver.advanceWallClockTime(AnalyticsConfig.defaults().flushes().interval().plus(Duration.ofMillis(1)));
    }
}
