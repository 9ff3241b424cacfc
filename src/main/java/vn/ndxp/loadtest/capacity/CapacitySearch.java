package vn.ndxp.loadtest.capacity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import vn.ndxp.loadtest.EventSink;
import vn.ndxp.loadtest.LoadStats;
import vn.ndxp.loadtest.ReplayPlan;
import vn.ndxp.loadtest.Replayer;
import vn.ndxp.pacing.Progress;
import vn.ndxp.pacing.Schedule;
import vn.ndxp.pacing.Ticker;

/**
 * {@code replay --find-capacity}: sends the events at each rate of a {@link StepPlan} in turn, with
 * the send time as their requestTime and fresh ids, so that every event is new traffic on the
 * platform's current day; scrapes the platform a second apart over each step's window and stops at
 * the first step that {@link StepJudge} finds not sustained.
 *
 * <p>Each step is a replay of its own ({@link Replayer} on the same sink), so its acknowledgements
 * and latencies are counted exactly as {@code replay}'s; the steps follow each other at once, so
 * that a backlog left by one is seen by the next, whose warm-up leaves it out of the judgement.
 *
 * @param <P> what the sink prepares of an event
 */
public final class CapacitySearch<P> {
    private static final long SCRAPE_EVERY_NS = 1_000_000_000L;
    private static final long CATCH_UP_WAIT_NS = 120_000_000_000L;

    private final StepPlan plan;
    private final Slo slo;
    private final PlatformWatch platform;
    private final Replayer.Source source;
    private final EventSink<P> sink;
    private final Consumer<String> lines;
    private final Consumer<String> notices;
    private final Ticker ticker = Ticker.SYSTEM;
    private final StepJudge judge;
    private volatile boolean stopRequested;
    private volatile Replayer<P> current;

    /**
     * @param lines    told one line per step as it is judged, and the conclusion
     * @param notices  told of records of the file that cannot be read, and of a wait for the platform
     */
    public CapacitySearch(StepPlan plan, Slo slo, PlatformWatch platform, Replayer.Source source, EventSink<P> sink,
                          Consumer<String> lines, Consumer<String> notices) {
        this.plan = plan;
        this.slo = slo;
        this.platform = platform;
        this.source = source;
        this.sink = sink;
        this.lines = lines;
        this.notices = notices;
        this.judge = new StepJudge(slo);
    }

    /** Runs the steps until one is not sustained, the last is done, or {@link #stop()}. */
    public CapacityReport run() throws IOException {
        List<StepResult> steps = new ArrayList<>();
        String stopped = null;
        ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "capacity-sender");
            t.setDaemon(true);
            return t;
        });
        try {
            awaitCaughtUp();
            for (long rate : plan.rates()) {
                StepResult step = step(rate, sender);
                if (step == null) {
                    stopped = "stopped";
                    break;
                }
                steps.add(step);
                lines.accept(line(steps.size(), step));
                if (!step.sustained()) {
                    break;
                }
            }
        } catch (PlatformLost e) {
            stopped = "lost the platform's /metrics: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = "stopped";
        } finally {
            sender.shutdownNow();
        }
        CapacityReport report = CapacityReport.of(plan, slo, steps, stopped);
        lines.accept(report.conclusion());
        return report;
    }

    /**
     * Waits, a while, for the platform to clear what it is behind by (a search just before, a replay):
     * that backlog would be charged to the first step. Caught up is less than a second of the first
     * step's events behind, since a transaction's commit marker stays in the lag of its partition.
     */
    private void awaitCaughtUp() throws PlatformLost, InterruptedException {
        long deadline = ticker.nanoTime() + CATCH_UP_WAIT_NS;
        sample(); // the lag on this page is as of the app's previous check, perhaps long ago: this asks for a new one
        ticker.sleepUntil(ticker.nanoTime() + SCRAPE_EVERY_NS);
        double behind = sample().lagRecords();
        if (behind >= plan.startEps()) {
            notices.accept(String.format(Locale.ROOT, "The platform is %,.0f records behind: waiting up to %d s for it"
                    + " to catch up", behind, CATCH_UP_WAIT_NS / 1_000_000_000L));
        }
        while (behind >= plan.startEps() && ticker.nanoTime() < deadline && !stopRequested) {
            ticker.sleepUntil(ticker.nanoTime() + SCRAPE_EVERY_NS);
            behind = sample().lagRecords();
        }
        if (behind >= plan.startEps()) {
            notices.accept(String.format(Locale.ROOT, "Still %,.0f records behind: starting anyway", behind));
        }
    }

    /** Ends the search soon, from any thread (Ctrl-C): the step under way is not judged. */
    public void stop() {
        stopRequested = true;
        Replayer<P> r = current;
        if (r != null) {
            r.stop();
        }
    }

    /** The step judged, or null if stopped during it. */
    private StepResult step(long rate, ExecutorService sender) throws IOException, PlatformLost {
        if (stopRequested) {
            return null;
        }
        Schedule schedule = Schedule.rate(rate, null);
        LoadStats stats = new LoadStats(schedule);
        Progress progress = System.console() == null ? null
                : new Progress("events", Math.round(rate * plan.hold().toNanos() / 1e9));
        Replayer<P> replayer = new Replayer<>(new ReplayPlan(schedule, plan.hold(), 0, 0, ReplayPlan.Times.SENT, true, false),
                source, sink, ticker, stats, notices, progress == null ? null
                        : (n, nanos, event) -> progress.update(n, d -> String.format(Locale.ROOT, "step at %,d events/s", rate)));
        current = replayer;
        long start = ticker.nanoTime();
        Future<Replayer.Outcome> sending = sender.submit(replayer::run);
        try {
            // Scraped in the warm-up too, though not judged: the app reads its stage lag for a scrape and
            // shows it at the next, so the first scrape after a pause would show the lag of the step before.
            PlatformWatch.Sample first = sample();
            long warmedUp = start + plan.warmUp().toNanos();
            while (ticker.nanoTime() < warmedUp && !stopRequested) {
                ticker.sleepUntil(Math.min(warmedUp, ticker.nanoTime() + SCRAPE_EVERY_NS));
                first = sample();
            }
            long end = start + plan.hold().toNanos();
            long ackedFirst = stats.acked();
            List<StepJudge.LagSample> lag = new ArrayList<>();
            lag.add(new StepJudge.LagSample(0, first.lagRecords()));
            PlatformWatch.Sample last = first;
            long ackedLast = ackedFirst;
            while (ticker.nanoTime() < end && !stopRequested) {
                ticker.sleepUntil(Math.min(end, ticker.nanoTime() + SCRAPE_EVERY_NS));
                last = sample();
                ackedLast = stats.acked();
                lag.add(new StepJudge.LagSample((last.nanos() - first.nanos()) / 1e9, last.lagRecords()));
            }
            sending.get();
            if (stopRequested) {
                return null;
            }
            return judge.judge(new StepJudge.Window(rate, (last.nanos() - first.nanos()) / 1e9, ackedLast - ackedFirst,
                    last.freshness().since(first.freshness()), lag, stats.sent(), stats.acked(), stats.failedCount()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            replayer.stop(); // a no-op once it ended; otherwise (an error above) no more sends
            current = null;
            if (progress != null) {
                progress.close();
            }
        }
    }

    private PlatformWatch.Sample sample() throws PlatformLost, InterruptedException {
        try {
            return platform.sample();
        } catch (IOException e) {
            throw new PlatformLost(e);
        }
    }

    static String line(int n, StepResult s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "step %d: %,d events/s, acked %,.0f/s, freshness p99 %s,"
                + " lag max %s", n, s.rateEps(), s.achievedEps(),
                s.freshnessP99Ms() == null ? "-" : String.format(Locale.ROOT, "%,.0f ms", s.freshnessP99Ms()),
                s.lagMax() == null ? "-" : String.format(Locale.ROOT, "%,d", s.lagMax())));
        if (s.lagGrowthPerSecond() != null) {
            b.append(String.format(Locale.ROOT, " (%+,.0f/s)", s.lagGrowthPerSecond()));
        }
        return b.append(s.sustained() ? ": sustained" : ": NOT sustained, " + s.reason()).toString();
    }

    /** The platform's /metrics stopped answering during a step. */
    private static final class PlatformLost extends Exception {
        private static final long serialVersionUID = 1L;

        PlatformLost(IOException cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        }
    }
}
