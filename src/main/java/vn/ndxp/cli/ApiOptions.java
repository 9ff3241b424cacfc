package vn.ndxp.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** Where the interactive-query API and the console listen, and what else the console shows; shared by {@code streams} and {@code demo}. */
final class ApiOptions {
    @Option(names = "--api-host", defaultValue = "127.0.0.1",
            description = "Interface of the query API and the console (default: ${DEFAULT-VALUE}; 0.0.0.0 for all). Other"
                    + " instances reach this one at this host, or at the machine's name for 0.0.0.0;"
                    + " -P application.server=HOST:PORT overrides.")
    String host;

    @Option(names = "--api-port", defaultValue = "8080",
            description = "Port of the query API and the console at / (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--loadgen-metrics-url", paramLabel = "URL",
            description = "A load generator's /metrics (replay's, e.g. http://127.0.0.1:9405/metrics): the console shows"
                    + " its target and achieved rates beside what the platform counts.")
    String loadgenMetricsUrl;

    /** The load generator's /metrics, or null. */
    URI loadgenMetrics() {
        if (loadgenMetricsUrl == null || loadgenMetricsUrl.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(loadgenMetricsUrl);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new UserException("--loadgen-metrics-url must be an http:// or https:// URL such as"
                + " http://127.0.0.1:9405/metrics, got '" + loadgenMetricsUrl + "'");
    }
}
