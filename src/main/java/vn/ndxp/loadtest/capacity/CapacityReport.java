package vn.ndxp.loadtest.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import vn.ndxp.loadtest.JsonFile;

/**
 * What a capacity search found.
 *
 * @param capacityEps the rate of the last sustained step before the first that was not; null if the
 *                    first step was not
 * @param limitedBy   {@code platform} (a step broke the SLO), {@code generator} (the load generator fell
 *                    short: the platform may take more), {@code max-rate} (every step sustained) or
 *                    {@code stopped} (Ctrl-C, or the platform's /metrics lost)
 * @param conclusion  the finding in one sentence, as printed
 */
public record CapacityReport(Long capacityEps, String limitedBy, String conclusion, Slo slo, Plan plan,
                             List<StepResult> steps) {
    /** The step plan, as numbers: the factor or the increment. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Plan(long startEps, Double stepFactor, Long stepIncrementEps, long maxEps, double holdSeconds,
                       double warmUpSeconds) {
        static Plan of(StepPlan p) {
            return new Plan(p.startEps(), p.factor() > 0 ? p.factor() : null, p.incrementEps() > 0 ? p.incrementEps() : null,
                    p.maxEps(), p.hold().toMillis() / 1000.0, p.warmUp().toMillis() / 1000.0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param stoppedBecause why the search ended before judging a step, or null if it ran to a
     *                       finding: a step not sustained, or the last step done
     */
    static CapacityReport of(StepPlan plan, Slo slo, List<StepResult> steps, String stoppedBecause) {
        Long capacity = null;
        StepResult broken = null;
        for (StepResult s : steps) {
            if (!s.sustained()) {
                broken = s;
                break;
            }
            capacity = s.rateEps();
        }
        String found = capacity == null ? String.format(Locale.ROOT, "below the start rate of %,d events/s", plan.startEps())
                : String.format(Locale.ROOT, "%,d events/s", capacity);
        String limitedBy;
        String conclusion;
        if (broken != null && broken.limit() == StepResult.Limit.PLATFORM) {
            limitedBy = "platform";
            conclusion = String.format(Locale.ROOT, "Capacity %s: at %,d events/s the platform broke the SLO (%s).",
                    found, broken.rateEps(), broken.reason());
        } else if (broken != null) {
            limitedBy = "generator";
            conclusion = String.format(Locale.ROOT, "Capacity at least %s: at %,d events/s %s. The limit is the load"
                    + " generator, not the platform: run it on another machine, or several.", found, broken.rateEps(),
                    broken.reason());
        } else if (stoppedBecause != null) {
            limitedBy = "stopped";
            conclusion = String.format(Locale.ROOT, "Stopped after %d steps (%s): capacity at least %s.", steps.size(),
                    stoppedBecause, found);
        } else {
            limitedBy = "max-rate";
            conclusion = String.format(Locale.ROOT, "Capacity at least %s: every step up to the max rate kept the SLO.",
                    found);
        }
        return new CapacityReport(capacity, limitedBy, conclusion, slo, Plan.of(plan), List.copyOf(steps));
    }

    public void write(Path file) throws IOException {
        JsonFile.write(JSON, this, file);
    }
}
