package vn.ndxp.loadtest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ndxp.metrics.export.PrometheusPage;

/**
 * End-to-end freshness, sampled from the outside: polls the streams app's {@code /metrics} for
 * {@code ndxp_platform_transactions_today} and, each time, takes the number of the replay's events
 * counted so far (the value minus the value before the replay started) and the time the replay
 * had sent that many. A sample is the age, when the response came, of the newest event the
 * platform had counted: send → consumed, decoded, counted, committed (exactly-once) and read from
 * the state store by the scrape.
 *
 * <p>Exact when every replayed event is counted once on the platform's current day and nothing
 * else sends to it; otherwise (duplicates, late or rejected events, other traffic, a day boundary)
 * the samples are estimates, and the report shows how many events were counted.
 */
public final class FreshnessProbe implements AutoCloseable {
    static final String METRIC = "ndxp_platform_transactions_today";
    private static final Logger log = LoggerFactory.getLogger(FreshnessProbe.class);

    private final String url;
    private final SendLog sendLog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LatencyRecorder samples = new LatencyRecorder();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "freshness-probe");
        t.setDaemon(true);
        return t;
    });
    private double baseline;
    private volatile long counted;
    private volatile boolean dayChanged;
    private volatile long lastSampleNanos;

    private FreshnessProbe(String url, SendLog sendLog) {
        this.url = onlyTheMetric(url);
        this.sendLog = sendLog;
    }

    /**
     * Reads the baseline and starts polling.
     *
     * @throws IOException if the URL does not answer with the metric: the caller says so and runs without
     */
    static FreshnessProbe start(String url, SendLog sendLog, Duration every) throws IOException, InterruptedException {
        FreshnessProbe probe = new FreshnessProbe(url, sendLog);
        probe.baseline = probe.read().orElseThrow(() -> new IOException(url + " has no " + METRIC));
        long ms = every.toMillis();
        probe.poller.scheduleWithFixedDelay(probe::poll, ms, ms, TimeUnit.MILLISECONDS);
        return probe;
    }

    /**
     * Asks for the one family it reads ({@code name[]}, as Prometheus' client libraries accept):
     * the whole page holds thousands of Kafka client series, and a scrape of it twice a second
     * takes CPU from the app being measured. A URL with a query of its own is used as given.
     */
    static String onlyTheMetric(String url) {
        return url.contains("?") ? url : url + "?name[]=" + METRIC;
    }

    private void poll() {
        try {
            OptionalDouble value = read();
            long now = System.nanoTime();
            if (value.isEmpty()) {
                return;
            }
            long n = Math.round(value.getAsDouble() - baseline);
            if (n < counted) {
                dayChanged = true; // "today" moved on: later values say nothing about this replay
            }
            if (dayChanged) {
                return;
            }
            counted = n;
            lastSampleNanos = now;
            long sentAt = n > 0 ? sendLog.timeOfCount(n) : Long.MIN_VALUE;
            if (sentAt != Long.MIN_VALUE) {
                samples.record(now - sentAt);
            }
        } catch (IOException e) {
            log.debug("Freshness poll of {} failed: {}", url, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private OptionalDouble read() throws IOException, InterruptedException {
        return valueOf(PrometheusPage.fetch(http, url));
    }

    /** The value of the unlabelled gauge in a Prometheus text page. */
    static OptionalDouble valueOf(String page) {
        return PrometheusPage.value(page, METRIC);
    }

    /**
     * Waits until the platform counted {@code acked} of the replay's events, or the timeout.
     *
     * @return milliseconds from {@code lastSendNanos} to the poll that saw them all, or null
     */
    Double awaitAllCounted(long acked, long lastSendNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !dayChanged) {
            if (counted >= acked) {
                return Math.max(0, lastSampleNanos - lastSendNanos) / 1e6;
            }
            Thread.sleep(50); // the poller runs on its own schedule; this only checks its result
        }
        return counted >= acked && !dayChanged ? Math.max(0, lastSampleNanos - lastSendNanos) / 1e6 : null;
    }

    /** The samples since the previous call. */
    Report.Freshness period() {
        return new Report.Freshness(url, samples.interval(), counted, null, dayChanged);
    }

    Report.Freshness total(Double allCountedMs) {
        return new Report.Freshness(url, samples.total(), counted, allCountedMs, dayChanged);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
