package vn.ndxp.loadtest;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vn.ndxp.metrics.export.FilteredScrapeRegistry;
import vn.ndxp.metrics.export.MetricsServer;
import vn.ndxp.model.file.EventReader;
import vn.ndxp.pacing.Progress;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.pacing.Ticker;

/**
 * A replay as the {@code replay} command runs it: the {@link Replayer} with its reports every few
 * seconds, the progress bar, the {@code ndxp_loadgen_*} metrics endpoint, the optional freshness
 * probe, and the final report on stdout and in a JSON file.
 */
public final class ReplayRun {

    /**
     * @param metricsPort   -1 for no endpoint, 0 for any free port
     * @param metricsUrl    the streams app's /metrics, for freshness; null for none
     * @param reportFile    where the final report goes as JSON; null for none
     */
    public record Options(Path file, ReplayPlan plan, Duration reportEvery, Path reportFile, String metricsHost,
                          int metricsPort, String metricsUrl, Duration freshnessWait) {}

    /** How it ended and what it did. */
    public record Result(Replayer.Outcome outcome, Report report) {}

    private ReplayRun() {}

    public static <P> Result run(Options o, EventSink<P> sink, PrintStream out, PrintStream err) throws IOException {
        LoadStats stats = new LoadStats(o.plan().schedule());
        SendLog sendLog = new SendLog(20);
        FreshnessProbe probe = null;
        if (o.metricsUrl() != null) {
            try {
                probe = FreshnessProbe.start(o.metricsUrl(), sendLog, Duration.ofMillis(500));
            } catch (IOException e) {
                err.println("No freshness measurement: cannot read " + o.metricsUrl() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted", e);
            }
        }
        PrometheusMeterRegistry registry = FilteredScrapeRegistry.meterRegistry();
        new LoadgenMetrics(stats).bindTo(registry);
        MetricsServer metrics = o.metricsPort() < 0 ? null
                : MetricsServer.start(o.metricsHost(), o.metricsPort(), registry, () -> { }, () -> true,
                        () -> MetricsServer.Check.up("sending"));
        if (metrics != null) {
            err.printf("Load generator metrics at http://%s:%d/metrics%n", o.metricsHost(), metrics.port());
        }
        sink.warmUp();
        err.printf("Replaying %s: %s%n", o.file(), o.plan().schedule().describe());
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-reports");
            t.setDaemon(true);
            return t;
        });
        FreshnessProbe freshness = probe;
        long[] lastSend = {System.nanoTime()};
        StopOnShutdown stopper = null;
        try (Progress progress = new Progress("events", expected(o.plan()))) {
            long everyMs = o.reportEvery().toMillis();
            reporter.scheduleAtFixedRate(() -> progress.println(
                    stats.period(System.nanoTime(), freshness == null ? null : freshness.period()).line()),
                    everyMs, everyMs, TimeUnit.MILLISECONDS);
            Replayer<P> replayer = new Replayer<>(o.plan(), () -> EventReader.open(o.file()), sink,
                    Ticker.SYSTEM, stats, err::println, (n, nanos, event) -> {
                        sendLog.sent(n, nanos);
                        lastSend[0] = nanos;
                        progress.update(n, done -> "acked " + stats.acked() + ", failed " + stats.failedCount());
                    });
            // Ctrl-C stops sending; the JVM then waits for the final report before it exits.
            stopper = new StopOnShutdown("replay-stop", replayer::stop);
            Replayer.Outcome outcome = replayer.run();
            reporter.shutdownNow();
            Double allCounted = null;
            if (freshness != null && outcome != Replayer.Outcome.STOPPED) {
                err.printf("Waiting up to %d s for the platform to count the %,d events...%n",
                        o.freshnessWait().toSeconds(), stats.acked());
                allCounted = freshness.awaitAllCounted(stats.acked(), lastSend[0], o.freshnessWait());
            }
            Report report = stats.total(System.nanoTime(), freshness == null ? null : freshness.total(allCounted));
            out.println(summary(outcome, report, o));
            if (o.reportFile() != null) {
                report.write(o.reportFile());
            }
            return new Result(outcome, report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        } finally {
            if (stopper != null) {
                stopper.close();
            }
            reporter.shutdownNow();
            if (probe != null) {
                probe.close();
            }
            if (metrics != null) {
                metrics.closeAfterFinalScrape(); // the last counts reach Prometheus
            }
            registry.close();
        }
    }

    private static String summary(Replayer.Outcome outcome, Report r, Options o) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %s in %.1f s (%s)%n  %s", o.file(),
                switch (outcome) {
                    case COMPLETED -> "replayed";
                    case DURATION -> "stopped at --duration";
                    case LIMIT -> "stopped at --limit";
                    case STRICT_STOP -> "stopped at the first bad record (--strict)";
                    case STOPPED -> "stopped";
                }, r.elapsedSeconds(), r.pacing(), r.line()));
        if (r.freshness() != null) {
            b.append(String.format(Locale.ROOT, "%n  platform counted %,d of them", r.freshness().counted()));
            b.append(r.freshness().dayChanged() ? " (then the platform's day changed: freshness is measured within one day)"
                    : r.freshness().allCountedMs() == null ? " (not all within the wait)"
                    : String.format(Locale.ROOT, ", all %,.0f ms after the last send", r.freshness().allCountedMs()));
        }
        if (r.firstFailure() != null) {
            b.append(System.lineSeparator()).append("  first send failure: ").append(r.firstFailure());
        }
        return b.toString();
    }

    /** The number of events the progress bar counts towards, when the plan says; 0 otherwise. */
    private static long expected(ReplayPlan plan) {
        if (plan.limit() > 0) {
            return plan.limit();
        }
        if (plan.duration() != null && plan.schedule().mode() == Schedule.Mode.RATE) {
            return Math.round(plan.schedule().target() * plan.duration().toNanos() / 1e9);
        }
        return 0;
    }
}
