package vn.ndxp.testing;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading {@code /metrics} of one or several instances and comparing it with a ground truth. */
public final class Scrapes {
    private static final List<String> COUNT_SERIES = List.of("ndxp_agency_transactions_today{",
            "ndxp_transactions_total{", "ndxp_platform_transactions_today");

    private Scrapes() {}

    /** The samples of {@code http://127.0.0.1:port/metrics}, or none while nothing answers there. */
    public static Map<String, Double> of(int port) {
        try {
            var response = Http.get("http://127.0.0.1:" + port + "/metrics");
            return response.statusCode() == 200 ? PrometheusText.parse(response.body()) : Map.of();
        } catch (UncheckedIOException e) {
            return Map.of();
        }
    }

    /** Each series summed over instances: the platform-wide value. */
    public static Map<String, Double> sum(Collection<Map<String, Double>> scrapes) {
        Map<String, Double> sum = new TreeMap<>();
        scrapes.forEach(s -> s.forEach((k, v) -> sum.merge(k, v, Double::sum)));
        return sum;
    }

    public static double value(Map<String, Double> samples, String series) {
        return samples.getOrDefault(series, 0.0);
    }

    /**
     * As {@link #differences}, for the exact values alone (the {@code _today} gauges, read from the
     * stores): what a restarted instance must show. Its {@code _total} counters start afresh with
     * the process (see {@code TaskCounters}).
     */
    public static List<String> differencesToday(Map<String, Long> expected, Map<String, Double> actual) {
        Map<String, Long> today = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (k.contains("_today")) {
                today.put(k, v);
            }
        });
        Map<String, Double> actualToday = new TreeMap<>();
        actual.forEach((k, v) -> {
            if (k.contains("_today")) {
                actualToday.put(k, v);
            }
        });
        return differences(today, actualToday);
    }

    /**
     * How the counting series differ from the expected ones: empty when every expected series has
     * its value and every other counting series is zero. At most 10 differences are listed.
     */
    public static List<String> differences(Map<String, Long> expected, Map<String, Double> actual) {
        List<String> diff = new ArrayList<>();
        expected.forEach((series, n) -> {
            double got = value(actual, series);
            if (got != n) {
                diff.add(series + " = " + got + ", expected " + n);
            }
        });
        actual.forEach((series, v) -> {
            if (!expected.containsKey(series) && v != 0 && COUNT_SERIES.stream().anyMatch(series::startsWith)) {
                diff.add(series + " = " + v + ", expected 0");
            }
        });
        if (diff.size() <= 10) {
            return diff;
        }
        List<String> first = new ArrayList<>(diff.subList(0, 10));
        first.add("... and " + (diff.size() - 10) + " more");
        return first;
    }
}
