package vn.ndxp.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.runtime.StreamsApp;

@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"Runs the counting and analytics topology against a Kafka cluster; serves its metrics and the query API.",
                "Several instances with the same --application-id share the work."})
final class StreamsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--application-id", defaultValue = "ndxp-streams",
            description = "Kafka Streams application.id: consumer group and internal topic prefix (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/ndxp-streams",
            description = "Where the local state stores live (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Interface for /metrics, /health and /ready (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String metricsHost;

    @Option(names = "--metrics-port", defaultValue = "9404", description = "Port of /metrics (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Mixin
    GraceOption grace;

    @Mixin
    CountsRetentionOption countsRetention;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of the input topic if it has to be created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    ApiOptions api;

    @Mixin
    AnalyticsOptions analytics;

    @Option(names = "--create-topics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Create missing topics at start (default: ${DEFAULT-VALUE}).")
    boolean createTopics;

    @Mixin
    InputRuleOptions rules;

    @Option(names = "--ready-max-lag", paramLabel = "RECORDS", defaultValue = "1000",
            description = "/ready answers 200 only while no input partition of this instance lags more records than"
                    + " this (default: ${DEFAULT-VALUE}).")
    long readyMaxLag;

    @Override
    public Integer call() throws Exception {
        Catalog loaded = rules.catalog();
        StreamsApp.Options options = new StreamsApp.Options(
                new StreamsApp.Options.Cluster(kafka.bootstrapServers, kafka.schemaRegistryUrl(), applicationId, stateDir,
                        partitions, createTopics),
                new StreamsApp.Options.Counting(grace.grace, rules.toRules(loaded, partitions), loaded, analytics.config(),
                        countsRetention.checked(grace.grace)),
                new StreamsApp.Options.Serving(metricsHost, metricsPort, api.host, api.port, readyMaxLag,
                        api.loadgenMetrics()),
                kafka.clientProperties());
        Shutdown shutdown = new Shutdown();
        try (StreamsApp app = start(options, shutdown)) {
            System.out.printf("Counting %s from %s; metrics at http://%s:%d/metrics (also /health, /ready), console and"
                            + " queries at http://%s:%d/. Ctrl-C to stop.%n", vn.ndxp.model.Topics.EXCHANGE_EVENTS,
                    kafka.bootstrapServers(), metricsHost, app.metricsPort(), api.host, app.apiPort());
            shutdown.awaitRequest();
            return app.alive() ? 0 : 1;
        } finally {
            shutdown.done();
        }
    }

    private StreamsApp start(StreamsApp.Options options, Shutdown shutdown) {
        try {
            return StreamsApp.start(options, shutdown::request);
        } catch (KafkaException e) {
            throw kafka.unavailable(e);
        }
    }
}
