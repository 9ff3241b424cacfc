package vn.ndxp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the embedded broker and registry, shared by {@code demo} and {@code broker}. */
final class EmbeddedOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface the broker, registry and metrics bind to (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep broker and registry data here across restarts (default: a fresh temporary directory,"
                    + " deleted on exit).")
    Path dataDir;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;
}
