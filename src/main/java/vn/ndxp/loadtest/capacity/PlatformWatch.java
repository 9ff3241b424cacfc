package vn.ndxp.loadtest.capacity;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import vn.ndxp.metrics.export.PrometheusPage;

/**
 * Reads what a capacity search judges from the streams app's {@code /metrics}: the freshness
 * histogram and the stages' lag. Asks for those two families only ({@code name[]}), so that a
 * scrape a second costs the app being measured little.
 */
public final class PlatformWatch {
    static final String FRESHNESS = "ndxp_event_lag_seconds";
    static final String LAG = "ndxp_stage_lag_records";

    /**
     * One scrape.
     *
     * @param lagRecords records behind summed over the stages; NaN if the page has none
     */
    public record Sample(long nanos, LagHistogram freshness, double lagRecords) {}

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public PlatformWatch(String url) {
        this.url = url.contains("?") ? url : url + "?name[]=" + FRESHNESS + "&name[]=" + LAG;
    }

    public String url() {
        return url;
    }

    /** @throws IOException if the URL does not answer, or not with the freshness histogram */
    public Sample sample() throws IOException, InterruptedException {
        String page = PrometheusPage.fetch(http, url);
        return parse(page, System.nanoTime());
    }

    static Sample parse(String page, long nanos) throws IOException {
        List<PrometheusPage.Series> buckets = PrometheusPage.series(page, FRESHNESS + "_bucket");
        if (buckets.isEmpty()) {
            throw new IOException("no " + FRESHNESS + " on the page: is it a streams app's /metrics?");
        }
        List<PrometheusPage.Series> lag = PrometheusPage.series(page, LAG);
        double records = lag.isEmpty() ? Double.NaN : lag.stream().mapToDouble(PrometheusPage.Series::value).sum();
        return new Sample(nanos, LagHistogram.of(buckets), records);
    }
}
