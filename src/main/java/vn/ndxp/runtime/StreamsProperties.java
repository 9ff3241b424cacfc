package vn.ndxp.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.topology.InputRules;

/** The Kafka Streams and client settings of the app: its defaults, and what it derives from them. */
public final class StreamsProperties {
    private static final Logger log = LoggerFactory.getLogger(StreamsProperties.class);

    private StreamsProperties() {}

    /** The host other instances reach this one at: the API's interface, or this machine's name for a wildcard. */
    static String advertisedHost(String apiHost) {
        if (!apiHost.equals("0.0.0.0") && !apiHost.equals("::")) {
            return apiHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.warn("Cannot name this host for application.server; set it with -P application.server=HOST:PORT");
            return "localhost";
        }
    }

    /** Kafka Streams settings: our defaults, then the user's properties unchanged. */
    static Properties streamsProperties(StreamsApp.Options o) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, o.cluster().applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, o.cluster().bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, o.cluster().stateDir().toString());
        // Counts must be exact across crashes and restarts: exactly-once is the default. Under
        // at_least_once a crash replays what came after the last commit against state that may
        // already hold part of it: the counts can then be off either way (README, Reliability).
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Kafka's defaults since 3.0, stated because at_least_once relies on them too.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // Idling only orders records across the several input partitions of one task (joins, merged
        // streams); every task here reads one partition. Disabled, Kafka Streams also skips a check
        // that formats log text for every empty partition on every loop (docs/performance.md).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // The Kafka 5.0 behaviour, chosen now so that an upgrade changes nothing.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // A dead letter or late event that the broker refuses must not stop the app (TooLargeRecords).
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        p.putAll(o.kafkaProperties());
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                && !o.kafkaProperties().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) {
            // The combiner asks for a commit after each of its flushes (every --live-flush, 250 ms,
            // while the events are live, otherwise every --analytics-flush, 2 s),
            // and such a commit commits every task of the thread. At the default interval (100 ms)
            // nine commits in ten came between two flushes and journaled the cells pending then, as
            // many bytes as the partials themselves. The interval is now a backstop, for tasks that
            // go on after the traffic stops; under transaction.timeout.ms (10 s in Kafka Streams).
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5_000);
        }
        return p;
    }

    /** The producer's {@code max.request.size} as Kafka Streams will set it: the prefixed setting wins. */
    static int maxRequestSize(Properties props) {
        Object v = props.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                props.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, InputRules.DEFAULT_MAX_RECORD_BYTES));
        return Integer.parseInt(v.toString().trim());
    }

    /** The subset of the settings an admin client understands (bootstrap, security, timeouts). */
    public static Map<String, Object> adminProperties(Map<?, ?> settings) {
        Map<String, Object> client = new HashMap<>();
        settings.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                client.put((String) k, v);
            }
        });
        return client;
    }

}
