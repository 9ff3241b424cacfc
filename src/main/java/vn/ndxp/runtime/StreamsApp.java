package vn.ndxp.runtime;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.api.QueryApi;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.console.Console;
import vn.ndxp.metrics.AnalyticsMetrics;
import vn.ndxp.metrics.AnalyticsReader;
import vn.ndxp.metrics.CalendarMetrics;
import vn.ndxp.metrics.CountsReader;
import vn.ndxp.metrics.DailyCountsMetrics;
import vn.ndxp.metrics.EventLagMetrics;
import vn.ndxp.metrics.StageLagMetrics;
import vn.ndxp.metrics.StreamThreadCpuMetrics;
import vn.ndxp.metrics.UnrecordedStreamsMetrics;
import vn.ndxp.metrics.export.FilteredScrapeRegistry;
import vn.ndxp.metrics.export.MetricsServer;
import vn.ndxp.model.Topics;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.Role;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.model.serde.ExchangeEventDeserializer;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.topology.AgencyDayKey;
import vn.ndxp.topology.DailyCountsTopology;
import vn.ndxp.topology.InputRules;
import vn.ndxp.topology.TaskCounters;
import vn.ndxp.topology.analytics.AnalyticsConfig;
import vn.ndxp.topology.analytics.AnalyticsTopology;

/**
 * The counting app as it runs: the topology (counts and analytics) on a KafkaStreams client, its
 * metrics served for Prometheus and its state served by the query API. Used by {@code streams}
 * against any cluster and by {@code demo} against the embedded one.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

    /**
     * Everything the app needs, in three groups; {@code kafkaProperties} are passed to Kafka Streams
     * unchanged and win (including {@code application.server}, which otherwise is the query API's
     * address). {@link #of} gives the defaults, {@code with*} a changed copy.
     */
    public record Options(Cluster cluster, Counting counting, Serving serving, Map<String, Object> kafkaProperties) {
        public static final long DEFAULT_READY_MAX_LAG = 1_000;

        /** Where the app runs and keeps its state. */
        public record Cluster(String bootstrapServers, String schemaRegistryUrl, String applicationId, Path stateDir,
                              int inputPartitions, boolean createTopics) {}

        /**
         * What it counts and how.
         *
         * @param rules   what counts as a valid event (catalog codes, time bounds, dedup window)
         * @param catalog the agencies and systems the query API lists; the same catalog as {@code rules}
         * @param countsRetention how long each day's counts are kept ({@link DailyCountsTopology#checkCountsRetention})
         */
        public record Counting(Duration grace, InputRules rules, Catalog catalog, AnalyticsConfig analytics,
                               Duration countsRetention) {
            /** With the default retention of the counts. */
            public Counting(Duration grace, InputRules rules, Catalog catalog, AnalyticsConfig analytics) {
                this(grace, rules, catalog, analytics, DailyCountsTopology.DEFAULT_COUNTS_RETENTION);
            }

            /** The default grace, the built-in catalog, its default rules and analytics. */
            public static Counting defaults() {
                return new Counting(DailyCountsTopology.DEFAULT_GRACE, InputRules.defaults(CatalogCodes.builtIn()),
                        CatalogLoader.builtIn(), AnalyticsConfig.defaults());
            }
        }

        /**
         * Its two servers.
         *
         * @param readyMaxLag    records an input partition may lag behind while {@code /ready} still says ready
         * @param loadgenMetrics a load generator's /metrics, whose figures the console shows; null for none
         */
        public record Serving(String metricsHost, int metricsPort, String apiHost, int apiPort, long readyMaxLag,
                              URI loadgenMetrics) {
            /** Metrics and query API on any free loopback port, the default readiness threshold. */
            public static Serving loopback() {
                return new Serving("127.0.0.1", 0, "127.0.0.1", 0, DEFAULT_READY_MAX_LAG, null);
            }
        }

        /** Six input partitions, topics not created, {@link Counting#defaults()}, {@link Serving#loopback()}. */
        public static Options of(String bootstrapServers, String schemaRegistryUrl, String applicationId, Path stateDir) {
            return new Options(new Cluster(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, 6, false),
                    Counting.defaults(), Serving.loopback(), Map.of());
        }

        public Options withKafkaProperties(Map<String, Object> properties) {
            return new Options(cluster, counting, serving, properties);
        }

        public Options withCounting(Counting c) {
            return new Options(cluster, c, serving, kafkaProperties);
        }

        public Options withServing(Serving s) {
            return new Options(cluster, counting, s, kafkaProperties);
        }

        public Options withRules(InputRules r) {
            return withCounting(new Counting(counting.grace(), r, counting.catalog(), counting.analytics(),
                    counting.countsRetention()));
        }
    }

    private final StreamsRunner runner;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    /**
     * Kafka Streams makes a task's, store's and topic's metrics when the task is assigned, and
     * Micrometer exports the new ones at its next look: a minute by default, so after every start
     * and rebalance the internals dashboards had a minute's gap. Every 10 s instead, on a thread of
     * the app's own, which {@link #close} stops (Micrometer does not stop a scheduler it is given).
     */
    private static final Duration STREAMS_METRICS_REFRESH = Duration.ofSeconds(10);
    private final ScheduledExecutorService streamsMetricsRefresher;
    private final MetricsServer metricsServer;
    private final Readiness readiness;
    private final QueryApi api;

    private StreamsApp(StreamsRunner runner, PrometheusMeterRegistry registry, KafkaStreamsMetrics streamsMetrics,
                       ScheduledExecutorService streamsMetricsRefresher,
                       MetricsServer metricsServer, Readiness readiness, QueryApi api) {
        this.runner = runner;
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.streamsMetricsRefresher = streamsMetricsRefresher;
        this.metricsServer = metricsServer;
        this.readiness = readiness;
        this.api = api;
    }

    /**
     * @param onError called if the streams client fails for good
     * @throws vn.ndxp.model.serde.SchemaRegistryException if the registry refuses the credentials (a registry that does
     *         not answer is waited for, as during the run)
     */
    public static StreamsApp start(Options o, Runnable onError) {
        Properties props = StreamsProperties.streamsProperties(o);
        // Confluent's serdes read the registry's settings among the Kafka properties: so does this client.
        RestSchemaRegistryClient schemas = new RestSchemaRegistryClient(o.cluster().schemaRegistryUrl(), o.kafkaProperties());
        // Wrong credentials would otherwise only show as stream threads replaced again and again.
        schemas.checkAccess();
        if (o.cluster().createTopics()) {
            TopicCreator.ensure(StreamsProperties.adminProperties(props), Topics.all(o.cluster().inputPartitions()));
        }
        PrometheusMeterRegistry registry = FilteredScrapeRegistry.meterRegistry(UnrecordedStreamsMetrics.denyAt(
                String.valueOf(props.getOrDefault(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO"))));
        // Bound first: its address is the application.server the other instances forward queries to.
        QueryApi api = QueryApi.bind(o.serving().apiHost(), o.serving().apiPort(),
                new Console(o.counting().catalog(), registry, Clock.systemUTC(), o.serving().loadgenMetrics())::addTo);
        try {
            HostInfo self = HostInfo.buildFromEndpoint((String) props.computeIfAbsent(
                    StreamsConfig.APPLICATION_SERVER_CONFIG, k -> StreamsProperties.advertisedHost(o.serving().apiHost()) + ":" + api.port()));
            TaskCounters counters = new TaskCounters();
            AnalyticsTopology analytics = new AnalyticsTopology(o.counting().analytics(),
                    AnalyticsTopology.OutputSerdes.confluent(schemas), new EventLagMetrics(registry).recorder(), counters);
            InputRules rules = o.counting().rules().withMaxRecordBytes(RecordLimit.of(StreamsProperties.adminProperties(props), StreamsProperties.maxRequestSize(props),
                    List.of(Topics.DEAD_LETTERS, Topics.LATE_EVENTS)));
            Topology topology = DailyCountsTopology.build(o.counting().grace(), o.counting().countsRetention(), rules,
                    ExchangeEventDeserializer.serde(schemas, o.counting().rules().codes().all()),
                    ConfluentAvroSerde.forValues(schemas, AgencyDailyCount.class), analytics, counters);
            log.debug("Topology: {}", topology.describe());
            StreamsRunner runner = StreamsRunner.start(topology, props, onError);
            try {
                api.serve(runner.streams(), o.counting().catalog(), self);
                return serve(o, props, runner, registry, api, counters);
            } catch (RuntimeException e) {
                runner.close(); // e.g. the metrics port is taken: do not leave the client running
                throw e;
            }
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /** The agency series the catalog's traffic will fill, registered at 0 before it comes. */
    private static Set<String> expectedAgencyRoles(Catalog catalog) {
        Set<String> agencyRoles = new TreeSet<>();
        catalog.consumers().forEach(s -> agencyRoles.add(s.agencyCode() + "/" + AgencyDayKey.roleLabel(Role.CONSUMER)));
        catalog.providers().forEach(s -> agencyRoles.add(s.agencyCode() + "/" + AgencyDayKey.roleLabel(Role.PROVIDER)));
        return agencyRoles;
    }

    private static Map<String, String> expectedProviders(Catalog catalog) {
        Map<String, String> agencyBySystem = new TreeMap<>();
        catalog.providers().forEach(s -> agencyBySystem.put(s.code(), s.agencyCode()));
        return agencyBySystem;
    }

    private static StreamsApp serve(Options o, Properties props, StreamsRunner runner, PrometheusMeterRegistry registry,
                                    QueryApi api, TaskCounters counters) {
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streams-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(runner.streams(), Tags.empty(), refresher,
                STREAMS_METRICS_REFRESH);
        streamsMetrics.bindTo(registry);
        new StreamThreadCpuMetrics().bindTo(registry);
        new CalendarMetrics(Clock.systemUTC()).bindTo(registry);
        DailyCountsMetrics counts = new DailyCountsMetrics(CountsReader.of(runner.streams()), counters,
                expectedAgencyRoles(o.counting().catalog()));
        counts.bindTo(registry);
        AnalyticsMetrics health = new AnalyticsMetrics(AnalyticsReader.of(runner.streams()), counters,
                expectedProviders(o.counting().catalog()));
        health.bindTo(registry);
        Readiness readiness = new Readiness(runner, StreamsProperties.adminProperties(props),
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), o.serving().readyMaxLag());
        new StageLagMetrics(readiness::stages).bindTo(registry);
        MetricsServer server = MetricsServer.start(o.serving().metricsHost(), o.serving().metricsPort(), registry, () -> {
            counts.refresh();
            health.refresh();
        }, runner::alive, readiness::check);
        return new StreamsApp(runner, registry, streamsMetrics, refresher, server, readiness, api);
    }

    public KafkaStreams streams() {
        return runner.streams();
    }

    public boolean running() {
        return runner.running();
    }

    public boolean alive() {
        return runner.alive();
    }

    public int metricsPort() {
        return metricsServer.port();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** What {@code /ready} answers now. */
    public MetricsServer.Check readiness() {
        return readiness.check();
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        runner.close(); // its final commit reports the last counts
        metricsServer.closeAfterFinalScrape();
        readiness.close();
        streamsMetricsRefresher.shutdownNow();
        streamsMetrics.close();
        registry.close();
    }
}
