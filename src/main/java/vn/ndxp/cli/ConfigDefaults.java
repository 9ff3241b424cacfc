package vn.ndxp.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where option values come from when a flag is not given: the environment, then the config file,
 * then the built-in default. So the order of precedence is defaults &lt; file &lt; environment &lt; flags.
 *
 * <p>Option {@code --metrics-port} is {@code metrics-port} in the file and {@code NDXP_METRICS_PORT}
 * in the environment. Every other key of the file, and every variable {@code NDXP_KAFKA_PROPERTIES_<NAME>}
 * (NAME with {@code _} for {@code .}, e.g. {@code NDXP_KAFKA_PROPERTIES_NUM_STREAM_THREADS}), is a Kafka or
 * Kafka Streams property passed through unchanged.
 */
final class ConfigDefaults implements IDefaultValueProvider {
    static final String CONFIG_ENV = "NDXP_CONFIG";
    private static final String ENV_PREFIX = "NDXP_";
    private static final String KAFKA_ENV_PREFIX = "NDXP_KAFKA_PROPERTIES_";

    private final Map<String, String> env;
    private final Properties file;

    ConfigDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /** Reads the file named by {@code --config} in the arguments, or else by NDXP_CONFIG. */
    static ConfigDefaults from(String[] args, Map<String, String> env) {
        String path = configArgument(args);
        if (path == null) {
            path = env.get(CONFIG_ENV);
        }
        return new ConfigDefaults(env, path == null ? new Properties() : load(Path.of(path)));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
            return null;
        }
        String name = option.longestName().substring(2);
        String fromEnv = env.get(ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        // Empty is unset: a compose file or a pod spec passes `NDXP_X: ${X:-}` when X is optional.
        return fromEnv != null && !fromEnv.isEmpty() ? fromEnv : file.getProperty(name);
    }

    /** Kafka properties from the file and then the environment (which wins). */
    Map<String, Object> kafkaProperties(List<OptionSpec> knownOptions) {
        Map<String, Object> props = new HashMap<>();
        file.stringPropertyNames().stream()
                .filter(key -> knownOptions.stream().noneMatch(o -> o.longestName().equals("--" + key)))
                .forEach(key -> props.put(key, file.getProperty(key)));
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_ENV_PREFIX)) {
                props.put(name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return props;
    }

    private static String configArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }

    private static Properties load(Path path) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new UserException("Config file " + path + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("Cannot read config file " + path + ": " + e.getMessage());
        }
        return props;
    }
}
