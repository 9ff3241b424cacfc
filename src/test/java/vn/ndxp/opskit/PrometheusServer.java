package vn.ndxp.opskit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import vn.ndxp.testing.Http;

/**
 * A real Prometheus for a test: the project's prometheus.yml and rules with the scrape targets
 * rewritten to the test's ports, scraping and evaluating every second, on a loopback port with
 * its own storage; stopped by its process. Alert rules are loaded with {@code for: 0s} so that
 * an alert fires at the first evaluation its expression holds: how long it must hold is what
 * promtool's unit tests check. Groups with an interval of their own are evaluated every second
 * too, like the others.
 */
final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    /** Stops the server should the test JVM end without closing it. */
    private final Thread onExit;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.onExit = new Thread(process::destroyForcibly, "stop-prometheus");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * @param targets job name to the {@code host:port} it scrapes here (several separated by commas);
     *                every job of prometheus.yml must have one, except {@code prometheus}, which
     *                scrapes this server itself
     */
    static PrometheusServer start(Path executable, Path dir, Map<String, String> targets) {
        return start(executable, dir, targets, true);
    }

    /** As {@link #start}, but with every alert's {@code for} as the rules give it: alerts fire as they would in use. */
    static PrometheusServer startAsConfigured(Path executable, Path dir, Map<String, String> targets) {
        return start(executable, dir, targets, false);
    }

    private static PrometheusServer start(Path executable, Path dir, Map<String, String> targets, boolean immediateAlerts) {
        try {
            Files.createDirectories(dir);
            int port = freePort();
            Path rules = writeRules(dir.resolve("rules"), immediateAlerts);
            Path config = writeConfig(dir.resolve("prometheus.yml"), rules, targets, port);
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(executable.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, port, log);
            try {
                await("Prometheus ready (log: " + log + ")").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("Prometheus exited: " + Files.readString(log));
                            }
                            return Http.get(server.url("/-/ready")).statusCode() == 200;
                        });
                return server;
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    Path log() {
        return log;
    }

    /** An instant query: the response's {@code data.result}; fails on an error (e.g. a parse error). */
    JsonNode query(String promql) {
        JsonNode response = queryResponse(promql);
        if (!"success".equals(response.path("status").asText())) {
            throw new AssertionError("Prometheus rejected " + promql + ": " + response);
        }
        return response.path("data").path("result");
    }

    /** The whole response of an instant query, successful or not. */
    JsonNode queryResponse(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** One number: the value of a query that returns one sample, or NaN when it returns none. */
    double value(String promql) {
        JsonNode result = query(promql);
        if (result.isEmpty()) {
            return Double.NaN;
        }
        if (result.size() > 1) {
            throw new AssertionError(promql + " returned " + result.size() + " series: " + result);
        }
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /**
     * What {@code sum(increase(selector[range]))} would be without its extrapolation to the range's
     * ends: over each series' raw samples, the rises, and after a drop (a restart) the whole new
     * value. Exact where {@code increase()} is within a scrape interval's share of the range.
     */
    double rawIncrease(String selector, long rangeSeconds) {
        return rawIncreases(selector, rangeSeconds).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@link #rawIncrease} by series (its labels as Prometheus prints them). */
    Map<String, Double> rawIncreases(String selector, long rangeSeconds) {
        Map<String, Double> increases = new TreeMap<>();
        for (JsonNode series : query(selector + "[" + rangeSeconds + "s]")) {
            double previous = Double.NaN;
            double sum = 0;
            for (JsonNode sample : series.path("values")) {
                double v = Double.parseDouble(sample.get(1).asText());
                if (!Double.isNaN(previous)) {
                    sum += v >= previous ? v - previous : v;
                }
                previous = v;
            }
            increases.put(series.path("metric").toString(), sum);
        }
        return increases;
    }

    JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = Http.get(url(pathAndQuery));
        try {
            return OpsKitFiles.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON from " + pathAndQuery + ": " + response.body(), e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The project's rule files with no group interval (every group evaluated each second), and with
     * every alert's {@code for} set to 0s if {@code immediateAlerts}; otherwise unchanged.
     */
    private static Path writeRules(Path dir, boolean immediateAlerts) throws IOException {
        Files.createDirectories(dir);
        for (Path file : OpsKitFiles.list(OpsKitFiles.RULES, ".yml")) {
            JsonNode rules = OpsKitFiles.yaml(file);
            for (JsonNode group : rules.path("groups")) {
                ((ObjectNode) group).remove("interval");
                for (JsonNode rule : group.path("rules")) {
                    if (immediateAlerts && rule.has("alert")) {
                        ((ObjectNode) rule).put("for", "0s");
                    }
                }
            }
            OpsKitFiles.YAML.writeValue(dir.resolve(file.getFileName()).toFile(), rules);
        }
        return dir;
    }

    /** prometheus.yml with the targets, the rules and the intervals of a test. */
    private static Path writeConfig(Path file, Path rules, Map<String, String> targets, int port) throws IOException {
        ObjectNode config = (ObjectNode) OpsKitFiles.yaml(OpsKitFiles.PROMETHEUS_CONFIG);
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        ArrayNode ruleFiles = config.putArray("rule_files");
        ruleFiles.add(rules.resolve("*.yml").toString());
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            String target = name.equals("prometheus") ? "127.0.0.1:" + port : targets.get(name);
            if (target == null) {
                throw new IllegalArgumentException("No target given for job " + name);
            }
            ArrayNode staticConfigs = ((ObjectNode) job).putArray("static_configs");
            ArrayNode list = staticConfigs.addObject().putArray("targets");
            for (String t : target.split(",")) { // several instances of one job
                list.add(t);
            }
        }
        OpsKitFiles.YAML.writeValue(file.toFile(), config);
        return file;
    }

    /** A loopback port nobody listens on (now). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
