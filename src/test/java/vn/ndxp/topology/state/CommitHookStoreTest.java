package vn.ndxp.topology.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class CommitHookStoreTest {
    private static final String STORE = "counter";
    private static final Bytes KEY = Bytes.wrap(new byte[] {1});

    /** Counts records in a field; writes the count only when the task commits. */
    static final class CountingProcessor implements Processor<String, String, Void, Void> {
        private CommitHookStore store;
        private long count;
        private long written;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
            byte[] stored = store.data().get(KEY);
            count = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
            written = count;
            store.beforeCommit(() -> {
                if (count != written) {
                    store.data().put(KEY, ByteBuffer.allocate(Long.BYTES).putLong(count).array());
                    written = count;
                }
            });
        }

        @Override
        public void process(Record<String, String> record) {
            count++;
        }
    }

    @Test
    void theHookWritesBeforeEveryCommitAndWhatItWritesReachesTheChangelog() {
        Topology topology = new Topology();
        topology.addSource("in", new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer(), "input");
        topology.addProcessor("count", CountingProcessor::new, "in");
        topology.addStateStore(CommitHookStore.inMemory(STORE), "count");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hook-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            var input = driver.createInputTopic("input", new StringSerializer(), new StringSerializer());
            // The test driver commits after every record, as a task does at each commit interval.
            for (int i = 0; i < 3; i++) {
                input.pipeInput("k", "v");
            }
            CommitHookStore store = (CommitHookStore) driver.getStateStore(STORE);
            assertThat(ByteBuffer.wrap(store.data().get(KEY)).getLong()).isEqualTo(3);

            List<KeyValue<Bytes, byte[]>> changelog = driver.createOutputTopic("hook-test-" + STORE + "-changelog",
                    new BytesDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList();
            assertThat(changelog).extracting(kv -> ByteBuffer.wrap(kv.value).getLong()).containsExactly(1L, 2L, 3L);
        }
    }
}
