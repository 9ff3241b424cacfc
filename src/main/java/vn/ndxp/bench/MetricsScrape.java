package vn.ndxp.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Reads a streams app's /metrics as a user's Prometheus would: samples by family and labels. */
final class MetricsScrape {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, Double> samples;

    private MetricsScrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** The scrape, or empty when the endpoint does not answer yet. */
    static MetricsScrape of(String url) throws InterruptedException {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new MetricsScrape(parse(r.body()));
        } catch (IOException e) {
            return new MetricsScrape(Map.of());
        }
    }

    /** Whether {@code url} answers 200 now (a readiness probe, a registry's subjects). */
    static boolean answers(String url) throws InterruptedException {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.isEmpty() || line.startsWith("#") || space < 0) {
                continue;
            }
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** The sum of every series of a family, e.g. {@code ndxp_transactions_total}. */
    double sum(String family) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String name = e.getKey();
            if (name.equals(family) || name.startsWith(family + "{")) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The sum of the series of a family whose labels contain {@code labelText}, e.g. {@code area="heap"}. */
    double sum(String family, String labelText) {
        double sum = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (e.getKey().startsWith(family + "{") && e.getKey().contains(labelText)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** One series, by its exact text as exposed ({@code name{a="x",b="y"}}). */
    double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /**
     * Scrapes the whole endpoint {@code times} times, as Prometheus does: how many series it
     * exposes and the median time of a scrape.
     */
    static Full full(String url, int times) throws InterruptedException {
        double[] millis = new double[times];
        MetricsScrape last = null;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            last = of(url);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        int ndxp = (int) last.samples.keySet().stream().filter(s -> s.startsWith("ndxp_")).count();
        return new Full(last.samples.size(), ndxp, millis[(times - 1) / 2]);
    }

    /** What a whole scrape gave: its series, those of ndxp's own meters, and its median time. */
    record Full(int series, int ndxpSeries, double medianMillis) {}

    boolean isEmpty() {
        return samples.isEmpty();
    }
}
