package vn.ndxp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.topology.InputRules;

class ConfigDefaultsTest {
    @TempDir
    Path dir;

    private StreamsCommand parse(Map<String, String> env, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "streams";
        System.arraycopy(args, 0, full, 1, args.length);
        CommandLine cli = new CommandLine(new Ndxp());
        cli.setDefaultValueProvider(ConfigDefaults.from(full, env));
        return (StreamsCommand) cli.parseArgs(full).subcommand().commandSpec().userObject();
    }

    private Path file(String content) throws IOException {
        Path f = dir.resolve("ndxp.properties");
        Files.writeString(f, content);
        return f;
    }

    /** The compose file passes NDXP_FROM and NDXP_SPEED through when set, for an accelerated stack. */
    @Test
    void theSimulatorsPaceAndFirstDayComeFromTheEnvironment() {
        String[] args = {"simulate"};
        CommandLine cli = new CommandLine(new Ndxp());
        cli.setDefaultValueProvider(ConfigDefaults.from(args, Map.of("NDXP_SPEED", "144", "NDXP_FROM", "2024-04-22")));
        SimulateCommand simulate = (SimulateCommand) cli.parseArgs(args).subcommand().commandSpec().userObject();
        assertThat(simulate.pace.speed).isEqualTo(144.0);
        assertThat(simulate.from).isEqualTo(java.time.LocalDate.of(2024, 4, 22));

        CommandLine unset = new CommandLine(new Ndxp());
        unset.setDefaultValueProvider(ConfigDefaults.from(args, Map.of("NDXP_SPEED", "", "NDXP_FROM", "")));
        SimulateCommand realTime = (SimulateCommand) unset.parseArgs(args).subcommand().commandSpec().userObject();
        assertThat(realTime.pace.speed).as("empty is unset: real time").isNull();
        assertThat(realTime.from).as("empty is unset: today").isNull();
    }

    @Test
    void defaultsApplyWhenNothingElseIsGiven() {
        StreamsCommand streams = parse(Map.of());
        assertThat(streams.metricsPort).isEqualTo(9404);
        assertThat(streams.kafka.bootstrapServers).isEqualTo("127.0.0.1:9092");
        assertThat(streams.applicationId).isEqualTo("ndxp-streams");
    }

    @Test
    void fileBeatsDefaultsEnvironmentBeatsFileFlagsBeatEverything() throws IOException {
        Path config = file("metrics-port=9500\napplication-id=from-file\nbootstrap-servers=file:9092\n");
        StreamsCommand fromFile = parse(Map.of(), "--config", config.toString());
        assertThat(fromFile.metricsPort).isEqualTo(9500);
        assertThat(fromFile.applicationId).isEqualTo("from-file");

        Map<String, String> env = Map.of("NDXP_METRICS_PORT", "9600");
        StreamsCommand fromEnv = parse(env, "--config", config.toString());
        assertThat(fromEnv.metricsPort).isEqualTo(9600);
        assertThat(fromEnv.applicationId).isEqualTo("from-file");

        StreamsCommand fromFlag = parse(env, "--config", config.toString(), "--metrics-port", "9700");
        assertThat(fromFlag.metricsPort).isEqualTo(9700);
    }

    @Test
    void theConfigFileCanBeNamedInTheEnvironment() throws IOException {
        Path config = file("grace=30m\n");
        StreamsCommand streams = parse(Map.of("NDXP_CONFIG", config.toString()));
        assertThat(streams.grace.grace).hasMinutes(30);
    }

    @Test
    void kafkaPropertiesPassThroughFromFileEnvironmentAndFlagsInThatOrder() throws IOException {
        Path config = file("metrics-port=9500\nnum.stream.threads=2\ncommit.interval.ms=500\nlinger.ms=7\n");
        Map<String, String> env = Map.of("NDXP_KAFKA_PROPERTIES_COMMIT_INTERVAL_MS", "200",
                "NDXP_KAFKA_PROPERTIES_LINGER_MS", "9");
        StreamsCommand streams = parse(env, "--config", config.toString(), "-P", "linger.ms=11",
                "--bootstrap-servers", "kafka-1:9092");

        Map<String, Object> props = streams.kafka.clientProperties();
        assertThat(props).containsEntry("num.stream.threads", "2")
                .containsEntry("commit.interval.ms", "200")
                .containsEntry("linger.ms", "11")
                .containsEntry("bootstrap.servers", "kafka-1:9092")
                .doesNotContainKey("metrics-port");
    }

    @Test
    void optionsOfOtherCommandsInASharedFileAreNotKafkaProperties() throws IOException {
        Path config = file("speed=100\nkafka-port=19092\n");
        assertThat(parse(Map.of(), "--config", config.toString()).kafka.clientProperties())
                .doesNotContainKeys("speed", "kafka-port");
    }

    @Test
    void aMissingConfigFileIsNamedInTheError() {
        assertThatThrownBy(() -> ConfigDefaults.from(new String[] {"streams", "--config", "/nonexistent/ndxp.properties"}, Map.of()))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("/nonexistent/ndxp.properties");
    }

    @Test
    void theDedupBoundIsGivenOrDerivedFromTheHeapAndThePartitions() {
        Catalog catalog = CatalogLoader.builtIn();
        assertThat(parse(Map.of(), "--dedup-max-ids", "1000").rules.toRules(catalog, 6).dedupMaxIds()).isEqualTo(1000);
        assertThat(parse(Map.of("NDXP_DEDUP_MAX_IDS", "2000")).rules.toRules(catalog, 6).dedupMaxIds()).isEqualTo(2000);
        assertThat(parse(Map.of()).rules.toRules(catalog, 6).dedupMaxIds())
                .isEqualTo(InputRules.dedupMaxIdsFor(Runtime.getRuntime().maxMemory(), 6));
        assertThatThrownBy(() -> parse(Map.of(), "--dedup-max-ids", "0").rules.toRules(catalog, 6))
                .isInstanceOf(UserException.class).hasMessageContaining("--dedup-max-ids");

        // A third of the heap at 40 bytes an id, over the partitions: 1 GiB and 6 partitions.
        assertThat(InputRules.dedupMaxIdsFor(1L << 30, 6)).isEqualTo(1_491_308);
        assertThat(InputRules.dedupMaxIdsFor(2L << 30, 6)).isEqualTo(2_982_616);
        assertThat(InputRules.dedupMaxIdsFor(8L << 30, 6)).as("at most").isEqualTo(InputRules.DEFAULT_DEDUP_MAX_IDS);
        assertThat(InputRules.dedupMaxIdsFor(32L << 20, 6)).as("at least").isEqualTo(InputRules.MIN_DEDUP_MAX_IDS);
    }

    @Test
    void aConfluentClientFileNamesTheClusterAndTheRegistryUnlessAnOptionDoes() throws IOException {
        Path config = file("bootstrap.servers=kafka-1:9093\nschema.registry.url=https://registry:8081\n"
                + "basic.auth.credentials.source=USER_INFO\nbasic.auth.user.info=alice:secret\n");
        StreamsCommand fromFile = parse(Map.of(), "--config", config.toString());
        assertThat(fromFile.kafka.bootstrapServers()).isEqualTo("kafka-1:9093");
        assertThat(fromFile.kafka.schemaRegistryUrl()).isEqualTo("https://registry:8081");
        assertThat(fromFile.kafka.registry().baseUrl()).isEqualTo("https://registry:8081");

        assertThat(parse(Map.of("NDXP_SCHEMA_REGISTRY_URL", "http://env:8081"), "--config", config.toString())
                .kafka.schemaRegistryUrl()).isEqualTo("http://env:8081");
        assertThat(parse(Map.of(), "--config", config.toString(), "--schema-registry-url", "http://flag:8081")
                .kafka.schemaRegistryUrl()).isEqualTo("http://flag:8081");
        assertThat(parse(Map.of()).kafka.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThatThrownBy(() -> parse(Map.of(), "-P", "schema.registry.url=http://a:8081,http://b:8081")
                .kafka.schemaRegistryUrl())
                .isInstanceOf(UserException.class).hasMessageContaining("give one");
    }
}
