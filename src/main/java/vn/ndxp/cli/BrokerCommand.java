package vn.ndxp.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.http.BasicAuth;
import vn.ndxp.runtime.EmbeddedKafkaBroker;
import vn.ndxp.runtime.EmbeddedPlatform;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs only the embedded Kafka broker and schema registry, with the topics created, for other processes.")
final class BrokerCommand implements Callable<Integer> {
    @Mixin
    EmbeddedOptions embedded;

    @Option(names = "--kafka-sasl-users", paramLabel = "FILE",
            description = "Also take SASL_PLAINTEXT clients (mechanism PLAIN) at --kafka-sasl-port, admitting these users:"
                    + " one user:password a line. The plain-text port stays open.")
    Path kafkaSaslUsers;

    @Option(names = "--kafka-sasl-port", defaultValue = "9093",
            description = "Port of the SASL_PLAINTEXT listener; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int kafkaSaslPort;

    @Option(names = "--registry-users", paramLabel = "FILE",
            description = "Let only these users use the schema registry (HTTP basic auth): one user:password a line.")
    Path registryUsers;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedPlatform.Security security = security();
        Shutdown shutdown = new Shutdown();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(embedded.host, embedded.kafkaPort,
                embedded.registryPort, embedded.dataDir, embedded.partitions, security)) {
            System.out.printf("Kafka:           %s%n", platform.bootstrapServers());
            if (security.kafka() != null) {
                System.out.printf("Kafka SASL:      %s (SASL_PLAINTEXT, PLAIN; users %s)%n",
                        platform.saslBootstrapServers(), String.join(", ", new TreeSet<>(security.kafka().users().keySet())));
            }
            System.out.printf("Schema registry: %s%s%nData:            %s%nCtrl-C to stop.%n", platform.schemaRegistryUrl(),
                    security.registry() == null ? "" : " (basic auth)", platform.dataDir());
            shutdown.awaitRequest();
            return 0;
        } finally {
            shutdown.done();
        }
    }

    private EmbeddedPlatform.Security security() {
        EmbeddedKafkaBroker.SaslPlain sasl = null;
        if (kafkaSaslUsers != null) {
            try {
                sasl = new EmbeddedKafkaBroker.SaslPlain(kafkaSaslPort, UsersFile.read(kafkaSaslUsers));
            } catch (IllegalArgumentException e) {
                throw new UserException(kafkaSaslUsers + ": " + e.getMessage());
            }
        }
        Map<String, String> registry = registryUsers == null ? null : UsersFile.read(registryUsers);
        return new EmbeddedPlatform.Security(sasl, registry == null ? null : BasicAuth.of("ndxp schema registry", registry));
    }
}
