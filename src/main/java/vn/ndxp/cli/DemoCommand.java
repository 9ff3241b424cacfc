package vn.ndxp.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.loadtest.PacedSender;
import vn.ndxp.model.Topics;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.model.EventProducers;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.simulator.DemoTraffic;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in one process: a real Kafka broker, the schema registry, the streams app",
                "and an event generator. Needs no Docker. Ctrl-C stops it cleanly."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    EmbeddedOptions embedded;

    @Option(names = "--metrics-port", defaultValue = "9404", description = "Port of /metrics (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--rate", defaultValue = "500", description = "Events per second to generate (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--grace", defaultValue = "PT6H", converter = DurationConverter.class,
            description = "How long after its local day ends an event still counts (default: 6h).")
    Duration grace;

    @Override
    public Integer call() throws Exception {
        if (rate <= 0) {
            throw new UserException("--rate must be positive, got " + rate);
        }
        long started = System.nanoTime();
        Shutdown shutdown = new Shutdown();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(embedded.host, embedded.kafkaPort,
                embedded.registryPort, embedded.dataDir, embedded.partitions);
             StreamsApp app = StreamsApp.start(new StreamsApp.Options(platform.bootstrapServers(),
                     platform.schemaRegistryUrl(), "ndxp-demo", stateDir(platform), grace, embedded.host, metricsPort,
                     embedded.partitions, false, Map.of()), shutdown::request);
             PacedSender sender = new PacedSender(EventProducers.create(
                     Map.of("bootstrap.servers", platform.bootstrapServers()),
                     new RestSchemaRegistryClient(platform.schemaRegistryUrl())),
                     Topics.EXCHANGE_EVENTS, rate, new DemoTraffic(seed)::next)) {
            System.out.printf("""
                    ndxp demo is up in %.1f s, sending %.0f events/s.
                      Metrics:         http://%s:%d/metrics
                      Health:          http://%s:%d/health
                      Kafka:           %s
                      Schema registry: %s
                      Data:            %s
                    Ctrl-C to stop.
                    """, (System.nanoTime() - started) / 1e9, rate, embedded.host, app.metricsPort(),
                    embedded.host, app.metricsPort(), platform.bootstrapServers(), platform.schemaRegistryUrl(),
                    platform.dataDir());
            shutdown.awaitRequest();
            System.out.println("Stopping...");
            return app.alive() ? 0 : 1;
        } finally {
            shutdown.done();
        }
    }

    private static Path stateDir(EmbeddedPlatform platform) {
        return platform.dataDir().resolve("streams");
    }
}
