package vn.ndxp.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.model.Topics;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.pacing.Pacer;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.runtime.EmbeddedPlatform;
import vn.ndxp.runtime.StreamsApp;
import vn.ndxp.simulator.BackgroundSimulation;
import vn.ndxp.simulator.SimulationOptions;
import vn.ndxp.simulator.output.KafkaRecordSink;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.time.VietnamCalendar;
import vn.ndxp.topology.InputRules;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs everything in one process: a real Kafka broker, the schema registry, the streams "
                        + "app and the traffic simulator, accelerated so that a day's shape shows within minutes.",
                "Needs no Docker. Ctrl-C stops it cleanly."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    EmbeddedOptions embedded;

    @Option(names = "--metrics-port", defaultValue = "9404", description = "Port of /metrics (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    /** A day in ten minutes: about 4,700 events/s on average, 11,000 at the morning peak. */
    @Option(names = "--speed", defaultValue = "144",
            description = "Simulated seconds per second (default: ${DEFAULT-VALUE}: a day in 10 minutes).")
    double speed;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD",
            description = "First simulated local day (default: a week ago, so that the accelerated clock stays in the past for hours).")
    LocalDate from;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ScenarioOptions scenarios;

    @Mixin
    CatalogOption catalog;

    @Mixin
    GraceOption grace;

    @Mixin
    CountsRetentionOption countsRetention;

    @Mixin
    ApiOptions api;

    @Mixin
    AnalyticsOptions analytics;

    @Override
    public Integer call() throws Exception {
        SimulationOptions simulation = simulationOptions();
        Pacer pacer = Pacer.accelerated(speed);
        long started = System.nanoTime();
        Shutdown shutdown = new Shutdown();
        Catalog loaded = catalog.load();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(embedded.host, embedded.kafkaPort,
                embedded.registryPort, embedded.dataDir, embedded.partitions);
             StreamsApp app = StreamsApp.start(new StreamsApp.Options(
                     new StreamsApp.Options.Cluster(platform.bootstrapServers(), platform.schemaRegistryUrl(), "ndxp-demo",
                             stateDir(platform), embedded.partitions, false),
                     new StreamsApp.Options.Counting(grace.grace, demoRules(loaded, simulation), loaded, analytics.config(),
                             countsRetention.checked(grace.grace)),
                     new StreamsApp.Options.Serving(embedded.host, metricsPort, api.host, api.port,
                             StreamsApp.Options.DEFAULT_READY_MAX_LAG, api.loadgenMetrics()), Map.of()),
                     shutdown::request);
             BackgroundSimulation traffic = new BackgroundSimulation(loaded, simulation,
                     new KafkaRecordSink(Map.of("bootstrap.servers", platform.bootstrapServers()),
                             new RestSchemaRegistryClient(platform.schemaRegistryUrl()), Topics.EXCHANGE_EVENTS), pacer)) {
            System.out.printf("""
                    ndxp demo is up in %.1f s: simulating from %s at %.0fx real time.
                      Console:         http://%s:%d/
                      Metrics:         http://%s:%d/metrics
                      Health:          http://%s:%d/health
                      Query API:       http://%s:%d/api/v1/agencies
                      Kafka:           %s
                      Schema registry: %s
                      Data:            %s
                    Ctrl-C to stop.
                    """, (System.nanoTime() - started) / 1e9, simulation.from(), speed, api.host, app.apiPort(), embedded.host,
                    app.metricsPort(), embedded.host, app.metricsPort(), api.host, app.apiPort(), platform.bootstrapServers(),
                    platform.schemaRegistryUrl(), platform.dataDir());
            shutdown.awaitRequest();
            System.out.printf("Stopping after %,d events...%n", traffic.sent());
            return app.alive() ? 0 : 1;
        } finally {
            shutdown.done();
        }
    }

    private SimulationOptions simulationOptions() {
        if (speed <= 0) {
            throw new UserException("--speed must be positive, got " + speed);
        }
        List<Scenario> parsed = scenarios.parse();
        LocalDate first = from != null ? from : VietnamCalendar.localDate(System.currentTimeMillis()).minusDays(7);
        return new SimulationOptions(first, 3650, seed, SimulationOptions.DEFAULT_WORKDAY_VOLUME, 0, parsed);
    }

    /**
     * The default rules, except that the accelerated clock may run ahead of the wall clock: the
     * demo simulates up to ten years from its first day, and its events are not future-time errors.
     */
    private static InputRules demoRules(Catalog loaded, SimulationOptions simulation) {
        LocalDate today = VietnamCalendar.localDate(System.currentTimeMillis());
        Duration ahead = Duration.ofDays(Math.max(1, ChronoUnit.DAYS.between(today, simulation.from()) + simulation.days() + 1));
        return InputRules.defaults(CatalogCodes.from(loaded)).withMaxAhead(ahead);
    }

    private static Path stateDir(EmbeddedPlatform platform) {
        return platform.dataDir().resolve("streams");
    }
}
