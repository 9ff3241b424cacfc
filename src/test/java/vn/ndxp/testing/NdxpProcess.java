package vn.ndxp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An {@code ndxp} command in a child JVM, started with the test class path, so that a test can
 * kill it for real: {@link #kill()} is SIGKILL (no shutdown hook, no flush, like a power cut),
 * {@link #terminate()} is SIGTERM (what an orchestrator sends). Output goes to a log file.
 */
public final class NdxpProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private NdxpProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param logDir where {@code <name>.log} is written (appended to, so restarts share one file)
     * @param heap   e.g. {@code 512m}
     */
    public static NdxpProcess start(String name, Path logDir, String heap, String... args) {
        // Two cores shared with the broker and the test: one GC thread, and C1 alone, whose compiling
        // a test's minute or two of traffic pays back where C2's would not.
        List<String> command = ndxp(args);
        command.addAll(1, List.of("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        return run(name, logDir, command, Map.of());
    }

    /**
     * The ndxp command line as {@code java -jar ndxp.jar ARGS} would run it, on the test class path
     * and with nothing else the JVM is told (its options may come from {@code JAVA_TOOL_OPTIONS}).
     */
    public static List<String> ndxp(String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("vn.ndxp.cli.Ndxp");
        command.addAll(List.of(args));
        return command;
    }

    /** This JVM's {@code java} executable. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Any command (e.g. {@link #ndxp}, or a shell line), with variables added to this process's environment. */
    public static NdxpProcess run(String name, Path logDir, List<String> command, Map<String, String> env) {
        List<String> full = List.copyOf(command);
        Path log = logDir.resolve(name + ".log");
        try {
            Files.createDirectories(logDir);
            Files.writeString(log, "=== " + String.join(" ", full.subList(full.indexOf("vn.ndxp.cli.Ndxp") + 1, full.size()))
                            + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new NdxpProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL to it and its descendants (a shell's children), and waits until it is gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** The exit code, once the process has ended within {@code timeout}. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "; log " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** Appends the JVM's threads ({@code jcmd PID Thread.print}) to its log, for a test that found it stuck. */
    public void dumpThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            dump.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
