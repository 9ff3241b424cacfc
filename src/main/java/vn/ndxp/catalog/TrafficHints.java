package vn.ndxp.catalog;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Optional traffic-model hints of a {@link Service}, as given in the catalog; an empty value means
 * the catalog leaves it to the simulator's defaults. The loader guarantees: every present value is
 * positive (the error rate: {@code 0 <= x < 1}), {@code latencyP99Ms >= latencyMedianMs} and
 * {@code timeoutMs > latencyMedianMs} when both are present.
 *
 * @param latencyMedianMs typical (median) response time, milliseconds
 * @param latencyP99Ms    99th percentile response time, milliseconds
 * @param timeoutMs       the caller gives up after this many milliseconds
 * @param errorRate       share of calls that do not succeed
 * @param requestBytes    typical request size
 * @param responseBytes   typical response size
 */
public record TrafficHints(OptionalDouble latencyMedianMs, OptionalDouble latencyP99Ms, OptionalInt timeoutMs,
                           OptionalDouble errorRate, OptionalInt requestBytes, OptionalInt responseBytes) {

    /** No hints at all. */
    public static final TrafficHints NONE = new TrafficHints(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalInt.empty(), OptionalDouble.empty(), OptionalInt.empty(), OptionalInt.empty());

    public TrafficHints {
        Objects.requireNonNull(latencyMedianMs, "latencyMedianMs");
        Objects.requireNonNull(latencyP99Ms, "latencyP99Ms");
        Objects.requireNonNull(timeoutMs, "timeoutMs");
        Objects.requireNonNull(errorRate, "errorRate");
        Objects.requireNonNull(requestBytes, "requestBytes");
        Objects.requireNonNull(responseBytes, "responseBytes");
    }
}
