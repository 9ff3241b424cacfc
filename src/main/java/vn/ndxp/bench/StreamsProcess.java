package vn.ndxp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import vn.ndxp.runtime.Ports;

/**
 * The {@code streams} command, or the {@link DslBaseline}, in a JVM of its own, with its own heap
 * limit, so that its memory and speed are measured apart from the broker and the load; or the
 * {@code broker} command, for a platform started cold.
 */
final class StreamsProcess implements AutoCloseable {
    /** The command-line entry point; named, not imported, so that bench does not depend on the CLI. */
    private static final String MAIN = "vn.ndxp.cli.Ndxp";

    private final Process process;
    private final int metricsPort;
    private final Path stateDir;
    /** The broker and the application id, null for the baseline: whose changelogs to measure. */
    private final String bootstrap;
    private final String applicationId;
    /**
     * Stops the app with the benchmark's JVM (SIGTERM, or a Ctrl-C that reaches only the
     * benchmark): otherwise it would go on alone, retrying a broker that is gone.
     */
    private final Thread stopWithBenchmark;

    private StreamsProcess(Process process, int metricsPort, Path stateDir, String bootstrap, String applicationId) {
        this.process = process;
        this.metricsPort = metricsPort;
        this.stateDir = stateDir;
        this.bootstrap = bootstrap;
        this.applicationId = applicationId;
        this.stopWithBenchmark = new Thread(process::destroy, "ndxp-bench-stop-streams");
        Runtime.getRuntime().addShutdownHook(stopWithBenchmark);
    }

    /**
     * The app's collector unless the options choose one: as the ops kit runs it. On two cores the
     * Parallel collector cost a tenth less of the app's CPU per event than G1 (its write barriers
     * on the stream thread, and no concurrent marking), for the same freshness (docs/performance.md).
     */
    private static final String DEFAULT_GC = "-XX:+UseParallelGC";

    static StreamsProcess start(String bootstrap, String registryUrl, String applicationId, Path stateDir,
                                String heap, List<String> jvmOptions, String guarantee, Map<String, String> properties,
                                Path catalogFile, Path log) throws IOException {
        int port = Ports.free("127.0.0.1");
        List<String> args = new ArrayList<>(List.of(MAIN, "streams",
                "--bootstrap-servers", bootstrap, "--schema-registry-url", registryUrl,
                "--application-id", applicationId, "--state-dir", stateDir.toString(),
                "--metrics-port", Integer.toString(port), "--api-port", Integer.toString(Ports.free("127.0.0.1", port)),
                "--no-create-topics",
                "-P", "processing.guarantee=" + guarantee));
        properties.forEach((key, value) -> args.addAll(List.of("-P", key + "=" + value)));
        if (catalogFile != null) {
            args.addAll(List.of("--catalog", catalogFile.toAbsolutePath().toString()));
        }
        return new StreamsProcess(launch(jvmOptions(heap, jvmOptions), args, stateDir, log), port, stateDir, bootstrap,
                applicationId);
    }

    /**
     * The {@link DslBaseline} in a JVM of its own, with the heap limit and default collector of the
     * app's, and no other option: a profiler's, say, is for the app. It has no metrics endpoint.
     */
    static StreamsProcess startBaseline(String bootstrap, String registryUrl, String applicationId, Path stateDir,
                                        String heap, String guarantee, String output, Path log) throws IOException {
        return new StreamsProcess(launch(jvmOptions(heap, List.of()), List.of(DslBaseline.class.getName(), bootstrap,
                registryUrl, applicationId, stateDir.toString(), guarantee, output), stateDir, log), -1, stateDir, null, null);
    }

    /**
     * The {@code broker} command (broker, schema registry and the topics) in a fresh JVM, with the
     * JVM's defaults, as {@code java -jar ndxp.jar broker} runs: a platform whose code is not compiled
     * yet, unlike the benchmark's own embedded one, which earlier phases have warmed.
     */
    static StreamsProcess startBroker(int kafkaPort, int registryPort, int partitions, Path dataDir, Path log)
            throws IOException {
        return new StreamsProcess(launch(List.of(), List.of(MAIN, "broker", "--kafka-port", Integer.toString(kafkaPort),
                "--registry-port", Integer.toString(registryPort), "--partitions", Integer.toString(partitions),
                "--data-dir", dataDir.toString()), dataDir, log), -1, dataDir, null, null);
    }

    private static Process launch(List<String> jvmOptions, List<String> mainAndArgs, Path stateDir, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        Files.createDirectories(stateDir);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The heap limit, the default collector unless the options choose one, then the options. */
    static List<String> jvmOptions(String heap, List<String> options) {
        List<String> all = new ArrayList<>(List.of("-Xmx" + heap));
        if (options.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
            all.add(DEFAULT_GC);
        }
        all.addAll(options);
        return all;
    }

    String metricsUrl() {
        return "http://127.0.0.1:" + metricsPort + "/metrics";
    }

    /**
     * What the benchmark watches while the app works: four cheap families (one series each, and
     * the JVM's memory pools). The per-agency counts render a thousand series; scraping them, or
     * everything, every 250 ms would cost the app a large part of its CPU.
     */
    String progressUrl() {
        return metricsUrl() + "?name[]=ndxp_platform_transactions_total&name[]=ndxp_events_late_total"
                + "&name[]=jvm_memory_used_bytes&name[]=ndxp_stream_threads_cpu_seconds_total";
    }

    /** Answers 200 while the app's view of the counts is current ({@code Readiness}). */
    String readyUrl() {
        return "http://127.0.0.1:" + metricsPort + "/ready";
    }

    /** The per-agency counts, to compare with the ground truth once the totals are there. */
    String countsUrl() {
        return metricsUrl() + "?name[]=ndxp_transactions_total";
    }

    /**
     * CPU time the process has used, by kind of thread ({@link ThreadCpu}). Unlike throughput, CPU
     * per event hardly depends on what else the machine is doing.
     */
    ThreadCpu cpu() {
        return ThreadCpu.of(process.pid());
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The size of the files in the app's state directory now: its RocksDB stores and checkpoints. */
    long stateBytes() throws IOException {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The size of the app's changelog topics on the broker now. */
    long changelogBytes() throws InterruptedException {
        return Changelogs.bytes(bootstrap, applicationId);
    }

    /** The peak resident set size so far, from /proc (Linux); 0 where unknown. */
    long rssPeakBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopWithBenchmark);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook stops the app.
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
