package vn.ndxp.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import vn.ndxp.model.serde.RegistryClientConfig;
import vn.ndxp.model.serde.RestSchemaRegistryClient;
import vn.ndxp.runtime.StreamsProperties;

/** How to reach a Kafka cluster and its schema registry; shared by the commands that need one. */
final class KafkaOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    private static final String DEFAULT_REGISTRY_URL = "http://127.0.0.1:8081";

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry (default: the Kafka property schema.registry.url, else "
                    + DEFAULT_REGISTRY_URL + "). Basic auth and TLS: the properties of Confluent's client, such as"
                    + " basic.auth.credentials.source, basic.auth.user.info, schema.registry.ssl.truststore.location.")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file: option names (e.g. metrics-port=9404) and Kafka properties, passed through"
                    + " unchanged. Also NDXP_CONFIG.")
    String config;

    @Option(names = {"-P", "--kafka-property"}, paramLabel = "KEY=VALUE",
            description = "A Kafka, Kafka Streams or schema registry client property, passed through unchanged"
                    + " (repeatable). Wins over the file and NDXP_KAFKA_PROPERTIES_* variables.")
    Map<String, String> kafkaProperties = new HashMap<>();

    /** How long a command waits for the cluster to say whether its topic exists. */
    private static final Duration TOPIC_CHECK = Duration.ofSeconds(20);

    /** File, then environment, then flags; on top of {@code bootstrap.servers} from the option. */
    Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        if (spec.root().defaultValueProvider() instanceof ConfigDefaults defaults) {
            props.putAll(defaults.kafkaProperties(allOptions(spec.root())));
        }
        props.putAll(kafkaProperties);
        return props;
    }

    /** The cluster the clients reach: a {@code bootstrap.servers} property wins over the option. */
    String bootstrapServers() {
        return clientProperties().get("bootstrap.servers").toString();
    }

    /** The option, else {@code schema.registry.url} among the properties (as Confluent's serializer reads it), else the default. */
    String schemaRegistryUrl() {
        if (schemaRegistryUrl != null) {
            return schemaRegistryUrl;
        }
        Object fromProperties = clientProperties().get(RegistryClientConfig.URL);
        if (fromProperties == null) {
            return DEFAULT_REGISTRY_URL;
        }
        String url = fromProperties.toString().trim();
        if (url.contains(",")) {
            // Confluent's client fails over between several; this one talks to one.
            throw new UserException(RegistryClientConfig.URL + " names several registries: give one");
        }
        return url;
    }

    /** A client of the registry, with the credentials and TLS settings of the properties. */
    RestSchemaRegistryClient registry() {
        return new RestSchemaRegistryClient(schemaRegistryUrl(), clientProperties());
    }

    /**
     * Refuses a topic that does not exist, in one line, before anything is sent: a producer would
     * otherwise wait {@code max.block.ms} (a minute) in silence, or, on a cluster that creates topics
     * on first use, make one of a single partition that no load test wants.
     */
    void requireTopic(String topic) {
        try (Admin admin = Admin.create(StreamsProperties.adminProperties(clientProperties()))) {
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) TOPIC_CHECK.toMillis()))
                    .allTopicNames().get(TOPIC_CHECK.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UserException("Topic " + topic + " does not exist on Kafka at " + bootstrapServers()
                        + ": create it first (`ndxp broker` and `ndxp streams --create-topics` create ndxp's own),"
                        + " or name another with --topic");
            }
            throw e.getCause() instanceof KafkaException k ? unavailable(k)
                    : new UserException("Kafka at " + bootstrapServers() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new UserException("Kafka at " + bootstrapServers() + " did not answer within " + TOPIC_CHECK.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("Interrupted while looking up topic " + topic);
        }
    }

    /** What a command says when the cluster does not answer or refuses: one line that names it. */
    UserException unavailable(KafkaException e) {
        return new UserException("Kafka at " + bootstrapServers() + ": " + e.getMessage());
    }

    /** Option names of every command: a shared file may hold options of other commands too. */
    private static List<OptionSpec> allOptions(CommandSpec command) {
        List<OptionSpec> options = new ArrayList<>(command.options());
        command.subcommands().values().forEach(sub -> options.addAll(allOptions(sub.getCommandSpec())));
        return options;
    }
}
