package vn.ndxp.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM,
 * started from the kafka_2.13 jar. Used by {@code demo}, {@code broker} and the integration
 * tests; nothing about it is simulated.
 *
 * <p>Clients connect in plain text; optionally also on a SASL_PLAINTEXT listener that admits only
 * given users (mechanism PLAIN), for testing clients of a secured cluster. The plain-text listener
 * stays: the broker talks to itself and creates the topics through it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    /** The broker's own setting that holds the users' passwords: kept out of the file written to the data dir. */
    private static final String SASL_USERS_CONFIG = "listener.name.sasl_plaintext.plain.sasl.jaas.config";
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * A SASL_PLAINTEXT listener with mechanism PLAIN for these users (name to password).
     *
     * @param port 0 for a free one
     */
    public record SaslPlain(int port, Map<String, String> users) {
        public SaslPlain {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("a SASL listener needs at least one user");
            }
            users.keySet().stream().filter(u -> !USER_NAME.matcher(u).matches()).findFirst().ifPresent(u -> {
                throw new IllegalArgumentException("SASL user name \"" + u + "\": only letters, digits, '.', '_' and '-'");
            });
            users = Map.copyOf(users);
        }

        @Override
        public String toString() {
            return "SaslPlain[port=" + port + ", users=" + new TreeSet<>(users.keySet()) + "]";
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String saslBootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, String saslBootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.saslBootstrapServers = saslBootstrapServers;
    }

    /**
     * Formats {@code dataDir} if it is new (an existing one keeps its topics and offsets, its
     * cluster id and its controller port) and starts the broker.
     *
     * @param port the client port; 0 picks a free one
     */
    public static EmbeddedKafkaBroker start(String host, int port, Path dataDir) {
        return start(host, port, dataDir, null);
    }

    /** The same, with a SASL_PLAINTEXT listener too if {@code sasl} is not null. */
    public static EmbeddedKafkaBroker start(String host, int port, Path dataDir, SaslPlain sasl) {
        int clientPort = port == 0 ? Ports.free(host) : port;
        Path logDir = dataDir.resolve("kafka");
        Properties previous = previousRun(dataDir);
        // A restarted node must keep its cluster id and its controller's address: both are
        // written into the metadata log when the storage is formatted.
        int controllerPort = previous == null ? Ports.free(host, clientPort) : controllerPort(previous);
        String clusterId = previous == null ? Uuid.randomUuid().toString() : clusterId(logDir);
        Properties props = serverProperties(host, clientPort, controllerPort, logDir);
        String saslBootstrap = null;
        if (sasl != null) {
            int saslPort = sasl.port() == 0 ? Ports.free(host, clientPort, controllerPort) : sasl.port();
            addSaslListener(props, host, saslPort, sasl.users());
            saslBootstrap = host + ":" + saslPort;
        }
        format(props, dataDir, clusterId);
        long started = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = host + ":" + clientPort;
        log.info("Kafka broker ready at {}{} in {} ms (data in {})", bootstrap,
                sasl == null ? "" : " and " + saslBootstrap + " (" + SASL_LISTENER + ", PLAIN)",
                (System.nanoTime() - started) / 1_000_000, logDir);
        return new EmbeddedKafkaBroker(server, bootstrap, saslBootstrap);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SASL_PLAINTEXT listener's address, or null if there is none. */
    public String saslBootstrapServers() {
        return saslBootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties serverProperties(String host, int clientPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + clientPort + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + clientPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Simulated and replayed traffic carries its event times (often days or years ago) as record
        // timestamps: with the default 7-day time retention the broker deletes it minutes after it
        // arrives, and consumers silently skip ahead. The embedded platform keeps everything.
        p.put("log.retention.ms", "-1");
        // The log cleaner's key map is allocated on the heap at start and cleared whole before each
        // cleaning: 128 MiB by default, most of an idle broker's heap (docs/performance.md). Old
        // event times next to current ones (wall-clock punctuations) roll a segment of every
        // compacted changelog within seconds of a replay's start, so cleanings come early and often. 16 MiB holds about 600,000 keys per pass, more than any changelog partition of the
        // app; a bigger log is cleaned over several passes.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20));
        return p;
    }

    private static void addSaslListener(Properties p, String host, int port, Map<String, String> users) {
        p.put("listeners", p.getProperty("listeners") + "," + SASL_LISTENER + "://" + host + ":" + port);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + SASL_LISTENER + "://" + host + ":" + port);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + "," + SASL_LISTENER
                + ":" + SASL_LISTENER);
        p.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        new TreeMap<>(users).forEach((user, password) -> jaas.append(" user_").append(user).append("=\"")
                .append(password.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        p.put(SASL_USERS_CONFIG, jaas.append(';').toString());
    }

    /** The server properties of an earlier start on this data dir, or null if the storage is new. */
    private static Properties previousRun(Path dataDir) {
        Path config = dataDir.resolve("server.properties");
        if (!Files.exists(dataDir.resolve("kafka").resolve("meta.properties")) || !Files.exists(config)) {
            return null;
        }
        return load(config);
    }

    private static int controllerPort(Properties previous) {
        String voters = previous.getProperty("controller.quorum.voters"); // 1@host:port
        return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
    }

    private static String clusterId(Path logDir) {
        return load(logDir.resolve("meta.properties")).getProperty("cluster.id");
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return p;
    }

    /** The equivalent of {@code kafka-storage.sh format --ignore-formatted}, without System.exit. */
    private static void format(Properties props, Path dataDir, String clusterId) {
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            Properties onDisk = new Properties();
            onDisk.putAll(props);
            onDisk.remove(SASL_USERS_CONFIG); // passwords stay in memory; formatting does not need them
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                onDisk.store(w, "embedded ndxp broker");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // Transactions v1: a 4.3.1 broker on transactions v2 answers the first transactional
            // batches on a partition with retriable OutOfOrderSequence errors (KAFKA-18202) and logs
            // each at ERROR. Exactly-once (exactly_once_v2) works the same on v1, without the noise.
            String[] args = {"format", "-t", clusterId, "-c", config.toString(),
                "--feature", "transaction.version=1", "--ignore-formatted"};
            int rc = StorageTool.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed: "
                        + out.toString(StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Kafka data directory " + dataDir, e);
        }
    }
}
