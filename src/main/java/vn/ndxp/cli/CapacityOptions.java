package vn.ndxp.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import vn.ndxp.loadtest.capacity.Slo;
import vn.ndxp.loadtest.capacity.StepPlan;

/** {@code replay --find-capacity} and how its steps are planned and judged. */
final class CapacityOptions {
    @Option(names = "--find-capacity", description = "Find the highest rate the platform sustains: send at rates rising"
            + " in steps, each event stamped with its send time and a fresh id, and stop at the first step that breaks"
            + " the SLO (needs --metrics-url; --report FILE writes the steps as JSON).")
    boolean findCapacity;

    @Option(names = "--start-rate", paramLabel = "N", defaultValue = "1000",
            description = "--find-capacity: the first step's rate, events/s (default: ${DEFAULT-VALUE}).")
    long startRate;

    @Option(names = "--step-factor", paramLabel = "X",
            description = "--find-capacity: each step's rate is the previous times X (default 1.5).")
    Double stepFactor;

    @Option(names = "--step-increment", paramLabel = "N",
            description = "--find-capacity: each step's rate is the previous plus N events/s, instead of --step-factor.")
    Long stepIncrement;

    @Option(names = "--max-rate", paramLabel = "N", defaultValue = "1000000",
            description = "--find-capacity: the last step's rate (default: ${DEFAULT-VALUE}).")
    long maxRate;

    @Option(names = "--hold", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "--find-capacity: how long each step sends (default: ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "--find-capacity: the start of each step left out of its judgement (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--slo-freshness", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "--find-capacity: the most the p99 of event sent to processed (ndxp_event_lag_seconds) may be"
                    + " over a step (default: ${DEFAULT-VALUE}). A step also breaks when the platform's lag grows.")
    Duration sloFreshness;

    /** The steps asked for; a {@link UserException} if they make no sense. */
    StepPlan steps() {
        if (stepFactor != null && stepIncrement != null) {
            throw new UserException("--step-factor and --step-increment are exclusive: choose one");
        }
        try {
            return new StepPlan(startRate, stepIncrement != null ? 0 : stepFactor != null ? stepFactor : 1.5,
                    stepIncrement != null ? stepIncrement : 0, maxRate, hold, warmUp);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    Slo slo() {
        try {
            return Slo.freshness(sloFreshness.toNanos() / 1e6);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
