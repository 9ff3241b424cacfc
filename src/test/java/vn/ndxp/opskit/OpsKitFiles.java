package vn.ndxp.opskit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the ops kit's files are (docker/ of the project) and how to read them. */
final class OpsKitFiles {
    static final Path DOCKER = Path.of(System.getProperty("basedir", ".")).resolve("docker");
    static final Path COMPOSE = DOCKER.resolve("docker-compose.yml");
    static final Path PROMETHEUS = DOCKER.resolve("prometheus");
    static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");
    static final Path PROMETHEUS_LOCAL_CONFIG = PROMETHEUS.resolve("prometheus-local.yml");
    static final Path RULES = PROMETHEUS.resolve("rules");
    static final Path RUNBOOK = PROMETHEUS.resolve("RUNBOOK.md");
    /** The rules' promtool unit tests: every rules_test*.yml. */
    static final List<Path> RULE_TESTS = list(PROMETHEUS, ".yml").stream()
            .filter(f -> f.getFileName().toString().startsWith("rules_test")).toList();
    static final Path GRAFANA = DOCKER.resolve("grafana");
    static final Path DATASOURCES = GRAFANA.resolve("provisioning/datasources/prometheus.yml");
    static final Path DASHBOARD_PROVIDERS = GRAFANA.resolve("provisioning/dashboards/ndxp.yml");
    static final Path DASHBOARDS = GRAFANA.resolve("dashboards");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private OpsKitFiles() {}

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** The files of a directory with the given extension, sorted. */
    static List<Path> list(Path dir, String extension) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
