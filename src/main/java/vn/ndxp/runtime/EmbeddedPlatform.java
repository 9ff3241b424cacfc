package vn.ndxp.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import vn.ndxp.http.BasicAuth;
import vn.ndxp.model.Topics;
import vn.ndxp.runtime.registry.EmbeddedSchemaRegistry;

/**
 * The no-Docker platform: a real Kafka broker and a schema registry in this JVM, with the project's
 * topics created. A temporary data directory is deleted again on close; a given one is kept, so a
 * restart finds its topics, offsets and schema ids again.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    /**
     * What secures the platform for clients: a SASL_PLAINTEXT listener beside the plain-text one,
     * and users the registry requires; either may be null.
     */
    public record Security(EmbeddedKafkaBroker.SaslPlain kafka, BasicAuth registry) {
        public static final Security NONE = new Security(null, null);
    }

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;
    private final Path dataDir;
    private final boolean temporary;

    private EmbeddedPlatform(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, Path dataDir, boolean temporary) {
        this.broker = broker;
        this.registry = registry;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /** @param dataDir null for a fresh temporary directory */
    public static EmbeddedPlatform start(String host, int kafkaPort, int registryPort, Path dataDir, int inputPartitions) {
        return start(host, kafkaPort, registryPort, dataDir, inputPartitions, Security.NONE);
    }

    /** The same, secured as {@code security} says. */
    public static EmbeddedPlatform start(String host, int kafkaPort, int registryPort, Path dataDir, int inputPartitions,
                                         Security security) {
        boolean temporary = dataDir == null;
        Path dir = temporary ? createTempDir() : dataDir;
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(host, kafkaPort, dir, security.kafka());
        EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.start(host, registryPort, dir.resolve("schema-registry"),
                    security.registry(), null);
            TopicCreator.ensure(Map.of("bootstrap.servers", broker.bootstrapServers()), Topics.all(inputPartitions));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return new EmbeddedPlatform(broker, registry, dir, temporary);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The SASL_PLAINTEXT listener, or null if there is none. */
    public String saslBootstrapServers() {
        return broker.saslBootstrapServers();
    }

    public String schemaRegistryUrl() {
        return registry.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        registry.close();
        broker.close();
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("ndxp-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary data directory", e);
        }
    }

    public static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
