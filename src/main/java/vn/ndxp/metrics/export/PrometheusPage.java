package vn.ndxp.metrics.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading another ndxp process's /metrics: the page, and the series of one metric in it. */
public final class PrometheusPage {
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One series: its labels (empty for none) and its value. */
    public record Series(Map<String, String> labels, double value) {}

    private PrometheusPage() {}

    /**
     * The page at {@code url}, asked within 5 s.
     *
     * @throws IOException if it does not answer 200, or {@code url} is not a URL
     */
    public static String fetch(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URL: " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The value of {@code metric} (a series without labels), or empty if the page does not have it. */
    public static OptionalDouble value(String page, String metric) {
        return series(page, metric).stream().filter(s -> s.labels().isEmpty())
                .mapToDouble(Series::value).findFirst();
    }

    /** Every series of {@code metric} (exactly that name: {@code x_bucket} is not {@code x}), in page order. */
    public static List<Series> series(String page, String metric) {
        List<Series> found = new ArrayList<>();
        for (String line : page.split("\n")) {
            if (!line.startsWith(metric) || line.length() <= metric.length()) {
                continue;
            }
            char next = line.charAt(metric.length());
            Map<String, String> labels = new LinkedHashMap<>();
            String rest;
            if (next == '{') {
                int close = line.lastIndexOf('}');
                Matcher m = LABEL.matcher(line.substring(metric.length() + 1, close));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
                rest = line.substring(close + 1);
            } else if (next == ' ') {
                rest = line.substring(metric.length());
            } else {
                continue;
            }
            found.add(new Series(labels, number(rest.trim().split(" ")[0])));
        }
        return found;
    }

    /** A sample value or an {@code le} bound: Java's numbers, and Prometheus' {@code +Inf} and {@code -Inf}. */
    public static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
