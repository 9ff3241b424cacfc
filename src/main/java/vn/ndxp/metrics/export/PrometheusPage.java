package vn.ndxp.metrics.export;

import java.util.OptionalDouble;

/** Reading another ndxp process's /metrics: the value of an unlabelled series in a Prometheus text page. */
public final class PrometheusPage {
    private PrometheusPage() {}

    /** The value of {@code metric} (a series without labels), or empty if the page does not have it. */
    public static OptionalDouble value(String page, String metric) {
        for (String line : page.split("\n")) {
            if (line.startsWith(metric + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(metric.length() + 1).trim().split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }
}
