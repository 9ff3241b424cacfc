package vn.ndxp.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * CPU seconds (user + system) a process has used, in total and by the kind of thread, from
 * {@code /proc} (Linux; zeros elsewhere). Threads are told apart by the names the kernel keeps
 * (the first 15 characters): HotSpot's {@code GC Thread#n} and {@code G1 ...}, its
 * {@code C1/C2 CompilerThread}s, and {@code kafka-producer-network-thread}.
 */
record ThreadCpu(double total, double gc, double jit, double producerIo) {
    /** USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;
    static final ThreadCpu UNKNOWN = new ThreadCpu(0, 0, 0, 0);

    static ThreadCpu of(long pid) {
        return of(pid, name -> false);
    }

    /**
     * The embedded platform (broker and schema registry) running in this JVM: all of it but the
     * benchmark's own threads, which poll the streams app ({@code main}) and run the simulator
     * ({@code bench-simulator}, {@code simulation-ahead} and its producer's network thread). The
     * JVM's GC and JIT count as the platform's.
     */
    static ThreadCpu platform() {
        // The kernel keeps 15 characters of a thread's name.
        return of(ProcessHandle.current().pid(), name -> name.equals("main") || name.startsWith("bench-simulator")
                || name.startsWith("simulation-ahe") || name.startsWith("kafka-producer-"));
    }

    private static ThreadCpu of(long pid, Predicate<String> excluded) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            double gc = 0;
            double jit = 0;
            double producerIo = 0;
            double excludedSeconds = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    String name;
                    double seconds;
                    try {
                        name = Files.readString(task.resolve("comm")).strip();
                        seconds = seconds(Files.readString(task.resolve("stat")));
                    } catch (IOException e) {
                        continue; // the thread ended while we read
                    }
                    if (excluded.test(name)) {
                        excludedSeconds += seconds;
                    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                        gc += seconds;
                    } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        jit += seconds;
                    } else if (name.startsWith("kafka-producer-")) {
                        producerIo += seconds;
                    }
                }
            }
            double total = seconds(Files.readString(proc.resolve("stat"))) - excludedSeconds;
            return new ThreadCpu(total, gc, jit, producerIo);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    ThreadCpu minus(ThreadCpu earlier) {
        return new ThreadCpu(total - earlier.total, gc - earlier.gc, jit - earlier.jit, producerIo - earlier.producerIo);
    }

    /** utime + stime of a {@code stat} line; the command name in parentheses may contain spaces. */
    private static double seconds(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }
}
