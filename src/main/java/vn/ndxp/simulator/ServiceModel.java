package vn.ndxp.simulator;

import vn.ndxp.catalog.Service;
import vn.ndxp.catalog.TrafficHints;

/**
 * One service's behaviour, precomputed from its catalog hints (or the defaults below): a
 * log-normal latency fitted to the median and 99th percentile, a timeout, an error rate and
 * typical sizes.
 */
record ServiceModel(Service service, double mu, double sigma, int timeoutMs, double errorRate,
                    int requestBytes, int responseBytes) {
    static final double DEFAULT_MEDIAN_MS = 150;
    static final double DEFAULT_P99_MS = 2_000;
    static final int DEFAULT_TIMEOUT_MS = 30_000;
    static final double DEFAULT_ERROR_RATE = 0.01;
    static final int DEFAULT_REQUEST_BYTES = 600;
    static final int DEFAULT_RESPONSE_BYTES = 3_000;
    /** The 99th percentile of the standard normal distribution. */
    private static final double Z99 = 2.3263;

    static ServiceModel of(Service service) {
        TrafficHints h = service.hints();
        double median = h.latencyMedianMs().orElse(DEFAULT_MEDIAN_MS);
        double p99 = Math.max(median, h.latencyP99Ms().orElse(Math.max(median, DEFAULT_P99_MS)));
        return new ServiceModel(service, Math.log(median), Math.log(p99 / median) / Z99,
                h.timeoutMs().orElse(DEFAULT_TIMEOUT_MS), h.errorRate().orElse(DEFAULT_ERROR_RATE),
                h.requestBytes().orElse(DEFAULT_REQUEST_BYTES), h.responseBytes().orElse(DEFAULT_RESPONSE_BYTES));
    }
}
