package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose stack, checked without Docker: the file is valid YAML with the expected services,
 * every file it mounts exists, images are pinned, healthchecks back every {@code service_healthy},
 * and ports and service names agree with prometheus.yml, the Grafana provisioning and the
 * Dockerfile. The engine itself is not available here: what only {@code docker compose up} can
 * show (images pulled, containers healthy) is not verified.
 */
class ComposeStackTest {
    private static final JsonNode COMPOSE = OpsKitFiles.yaml(OpsKitFiles.COMPOSE);
    private static final JsonNode SERVICES = COMPOSE.path("services");
    private static final Pattern FLAG = Pattern.compile("--([a-z-]+)=(\\S+)");

    @Test
    void theStackHasItsServicesOnOneNetwork() {
        assertThat(names(SERVICES)).containsExactlyInAnyOrder("kafka", "schema-registry", "streams", "simulator",
                "loadgen", "prometheus", "grafana");
        assertThat(names(COMPOSE.path("networks"))).containsExactly("ndxp");
        SERVICES.properties().forEach(s -> assertThat(texts(s.getValue().path("networks")))
                .as("networks of %s", s.getKey()).containsExactly("ndxp"));
        assertThat(texts(SERVICES.path("loadgen").path("profiles"))).as("load generator off by default").containsExactly("loadtest");
    }

    @Test
    void imagesArePinnedAndTheAppImageIsBuiltHere() {
        SERVICES.properties().forEach(s -> {
            String image = s.getValue().path("image").asText();
            assertThat(image).as("image of %s", s.getKey()).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
            JsonNode build = s.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = OpsKitFiles.DOCKER.resolve(build.path("context").asText()).normalize();
                assertThat(context.resolve(build.path("dockerfile").asText())).as("Dockerfile of %s", s.getKey()).isRegularFile();
                assertThat(context.resolve("pom.xml")).as("build context of %s is the project", s.getKey()).isRegularFile();
            }
        });
        assertThat(SERVICES.path("streams").path("image").asText()).isEqualTo("ndxp:local");
    }

    @Test
    void everyMountedFileExistsAndEveryNamedVolumeIsDeclared() {
        Set<String> declared = names(COMPOSE.path("volumes"));
        Set<String> used = new HashSet<>();
        SERVICES.properties().forEach(s -> {
            for (String volume : texts(s.getValue().path("volumes"))) {
                String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(OpsKitFiles.DOCKER.resolve(source).normalize()).as("%s mounts %s", s.getKey(), source).exists();
                } else {
                    assertThat(declared).as("named volume %s of %s", source, s.getKey()).contains(source);
                    used.add(source);
                }
            }
        });
        assertThat(used).as("every declared volume is used").containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void dependenciesWaitForHealthyServices() {
        SERVICES.properties().forEach(s -> s.getValue().path("depends_on").properties().forEach(d -> {
            assertThat(SERVICES.has(d.getKey())).as("%s depends on %s", s.getKey(), d.getKey()).isTrue();
            String condition = d.getValue().path("condition").asText();
            assertThat(condition).as("condition of %s on %s", s.getKey(), d.getKey())
                    .isIn("service_healthy", "service_started", "service_completed_successfully");
            if (condition.equals("service_healthy")) {
                assertThat(SERVICES.path(d.getKey()).has("healthcheck")).as("%s has a healthcheck", d.getKey()).isTrue();
            }
        }));
        for (String service : List.of("kafka", "schema-registry", "streams", "loadgen", "prometheus", "grafana")) {
            assertThat(texts(SERVICES.path(service).path("healthcheck").path("test"))).as("healthcheck of %s", service).isNotEmpty();
        }
    }

    /**
     * A server bound to the container's loopback (the app's default) cannot be reached through a
     * published port: every server of the app in the stack, the query API included, listens on
     * all of the container's interfaces, on the port published for it.
     */
    @Test
    void everyServerOfTheAppListensWhereItsPortIsPublished() {
        Map<String, List<String>> servers = Map.of("streams", List.of("metrics", "api"), "loadgen", List.of("metrics"));
        servers.forEach((service, names) -> {
            String command = String.join(" ", texts(SERVICES.path(service).path("command")));
            for (String server : names) {
                java.util.regex.Matcher port = java.util.regex.Pattern.compile("--" + server + "-port=(\\d+)").matcher(command);
                assertThat(port.find()).as("--%s-port of %s", server, service).isTrue();
                assertThat(command).as("%s of %s", server, service).contains("--" + server + "-host=0.0.0.0");
                int number = Integer.parseInt(port.group(1));
                assertThat(publishedPorts().get(service)).as("%s of %s", server, service).containsEntry(number, number);
            }
        });
    }

    @Test
    void portsArePublishedOnLoopbackOnly() {
        publishedPorts().forEach((service, ports) -> assertThat(ports).as("ports of %s", service).isNotEmpty());
        SERVICES.properties().forEach(s -> texts(s.getValue().path("ports")).forEach(p ->
                assertThat(p).as("port of %s", s.getKey()).startsWith("127.0.0.1:")));
        assertThat(publishedPorts()).containsEntry("streams", Map.of(9404, 9404, 8080, 8080)).containsEntry("loadgen", Map.of(9405, 9405))
                .containsEntry("prometheus", Map.of(9090, 9090)).containsEntry("grafana", Map.of(3000, 3000))
                .containsEntry("kafka", Map.of(9092, 9092)).containsEntry("schema-registry", Map.of(8081, 8081));
    }

    @Test
    void prometheusScrapesTheServicesOnTheirMetricsPorts() {
        Map<String, String> targets = targets(OpsKitFiles.PROMETHEUS_CONFIG);
        assertThat(targets).containsOnlyKeys("ndxp-streams", "ndxp-loadgen", "prometheus");
        targets.forEach((job, target) -> {
            String host = target.substring(0, target.indexOf(':'));
            int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
            if (job.equals("prometheus")) {
                assertThat(host).isEqualTo("localhost");
                assertThat(containerPorts("prometheus")).contains(port);
                return;
            }
            assertThat(SERVICES.has(host)).as("job %s scrapes service %s", job, host).isTrue();
            Map<String, String> flags = flags(host);
            assertThat(flags).as("%s serves metrics on the target's port to the network", host)
                    .containsEntry("metrics-port", String.valueOf(port)).containsEntry("metrics-host", "0.0.0.0");
            assertThat(containerPorts(host)).contains(port);
            assertThat(String.join(" ", texts(SERVICES.path(host).path("healthcheck").path("test"))))
                    .as("healthcheck of %s", host).contains("/" + port + " ");
        });
    }

    @Test
    void theLocalConfigurationIsTheComposeOneWithLoopbackTargets() {
        JsonNode compose = OpsKitFiles.yaml(OpsKitFiles.PROMETHEUS_CONFIG);
        JsonNode local = OpsKitFiles.yaml(OpsKitFiles.PROMETHEUS_LOCAL_CONFIG);
        assertThat(local.path("global")).isEqualTo(compose.path("global"));
        assertThat(local.path("rule_files")).isEqualTo(compose.path("rule_files"));
        Map<String, String> composeTargets = targets(OpsKitFiles.PROMETHEUS_CONFIG);
        Map<String, String> localTargets = targets(OpsKitFiles.PROMETHEUS_LOCAL_CONFIG);
        assertThat(localTargets.keySet()).isEqualTo(composeTargets.keySet());
        composeTargets.forEach((job, target) -> assertThat(localTargets.get(job))
                .isEqualTo("127.0.0.1:" + target.substring(target.indexOf(':') + 1)));
    }

    @Test
    void prometheusGetsItsConfigurationAndRulesFromThisDirectory() {
        JsonNode prometheus = SERVICES.path("prometheus");
        Map<String, String> mounts = mounts(prometheus);
        assertThat(mounts).containsEntry("/etc/prometheus/prometheus.yml", "./prometheus/prometheus.yml")
                .containsEntry("/etc/prometheus/rules", "./prometheus/rules");
        assertThat(texts(prometheus.path("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
        // rule_files are relative to the configuration file: /etc/prometheus/rules/*.yml.
        assertThat(texts(OpsKitFiles.yaml(OpsKitFiles.PROMETHEUS_CONFIG).path("rule_files"))).containsExactly("rules/*.yml");
    }

    @Test
    void grafanaReadsTheDatasourceAndDashboardsItIsGiven() {
        JsonNode grafana = SERVICES.path("grafana");
        Map<String, String> mounts = mounts(grafana);
        assertThat(mounts).containsEntry("/etc/grafana/provisioning", "./grafana/provisioning");
        JsonNode provider = OpsKitFiles.yaml(OpsKitFiles.DASHBOARD_PROVIDERS).path("providers").get(0);
        String dashboardsPath = provider.path("options").path("path").asText();
        assertThat(mounts).as("the provider's path is where the dashboards are mounted")
                .containsEntry(dashboardsPath, "./grafana/dashboards");
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(home).startsWith(dashboardsPath + "/");
        assertThat(OpsKitFiles.DASHBOARDS.resolve(home.substring(dashboardsPath.length() + 1))).isRegularFile();

        JsonNode datasource = OpsKitFiles.yaml(OpsKitFiles.DATASOURCES).path("datasources").get(0);
        URI url = URI.create(datasource.path("url").asText());
        assertThat(SERVICES.has(url.getHost())).as("the datasource's host %s is a service", url.getHost()).isTrue();
        assertThat(containerPorts(url.getHost())).contains(url.getPort());
        assertThat(datasource.path("jsonData").path("timeInterval").asText()).as("Grafana knows the scrape interval")
                .isEqualTo(OpsKitFiles.yaml(OpsKitFiles.PROMETHEUS_CONFIG).path("global").path("scrape_interval").asText());
    }

    @Test
    void theAppsFindKafkaAndTheRegistryWhereTheyListen() {
        JsonNode kafka = SERVICES.path("kafka").path("environment");
        String internal = "kafka:" + listenerPort(kafka.path("KAFKA_ADVERTISED_LISTENERS").asText(),
                kafka.path("KAFKA_INTER_BROKER_LISTENER_NAME").asText());
        URI registry = URI.create(SERVICES.path("schema-registry").path("environment").path("SCHEMA_REGISTRY_LISTENERS").asText());
        for (String app : List.of("streams", "simulator", "loadgen")) {
            assertThat(flags(app)).as(app).containsEntry("bootstrap-servers", internal)
                    .containsEntry("schema-registry-url", "http://schema-registry:" + registry.getPort());
        }
        assertThat(SERVICES.path("schema-registry").path("environment").path("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").asText())
                .endsWith("://" + internal);
    }

    @Test
    void theImageRunsTheJarAsAnUnprivilegedUser() {
        List<String> lines = OpsKitFiles.read(OpsKitFiles.DOCKER.resolve("Dockerfile")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        List<String> stages = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(stages).as("a build stage and a runtime stage").hasSize(2);
        assertThat(stages.get(0)).endsWith(" AS build");
        List<String> runtime = lines.subList(lines.indexOf(stages.get(1)), lines.size());
        assertThat(runtime).anyMatch(l -> l.startsWith("COPY --from=build /src/target/ndxp.jar "));
        assertThat(runtime).anyMatch(l -> l.matches("USER (?!root\\b|0\\b)\\S+"));
        assertThat(runtime).anyMatch(l -> l.startsWith("ENTRYPOINT ") && l.contains("/opt/ndxp/ndxp.jar"));
        assertThat(OpsKitFiles.DOCKER.resolve("Dockerfile.dockerignore")).isRegularFile();
    }

    /** Job name to its single static target. */
    static Map<String, String> targets(Path config) {
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode job : OpsKitFiles.yaml(config).path("scrape_configs")) {
            List<String> jobTargets = new ArrayList<>();
            job.path("static_configs").forEach(c -> jobTargets.addAll(texts(c.path("targets"))));
            assertThat(jobTargets).as("targets of %s", job.path("job_name").asText()).hasSize(1);
            targets.put(job.path("job_name").asText(), jobTargets.get(0));
        }
        return targets;
    }

    private static Map<String, Map<Integer, Integer>> publishedPorts() {
        Map<String, Map<Integer, Integer>> published = new TreeMap<>();
        SERVICES.properties().forEach(s -> {
            Map<Integer, Integer> ports = new HashMap<>();
            for (String p : texts(s.getValue().path("ports"))) {
                String[] parts = p.split(":");
                ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
            }
            if (!ports.isEmpty()) {
                published.put(s.getKey(), ports);
            }
        });
        return published;
    }

    private static Set<Integer> containerPorts(String service) {
        return new HashSet<>(publishedPorts().getOrDefault(service, Map.of()).values());
    }

    private static Map<String, String> flags(String service) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : texts(SERVICES.path(service).path("command"))) {
            Matcher m = FLAG.matcher(arg);
            while (m.find()) {
                flags.put(m.group(1), m.group(2));
            }
        }
        return flags;
    }

    /** Container path to host path of a service's bind mounts. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new HashMap<>();
        for (String volume : texts(service.path("volumes"))) {
            String[] parts = volume.split(":");
            mounts.put(parts[1], parts[0]);
        }
        return mounts;
    }

    private static int listenerPort(String listeners, String name) {
        for (String listener : listeners.split(",")) {
            if (listener.startsWith(name + "://")) {
                return URI.create("kafka://" + listener.substring(name.length() + 3)).getPort();
            }
        }
        throw new AssertionError("no listener " + name + " in " + listeners);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> texts.add(n.asText()));
        } else if (node.isTextual()) {
            texts.add(node.asText());
        }
        return texts;
    }
}
