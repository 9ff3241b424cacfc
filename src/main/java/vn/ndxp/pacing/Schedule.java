package vn.ndxp.pacing;

import java.time.Duration;

/**
 * When each event of a replay is due, in nanoseconds from the start: a pure function of the
 * event's number and its recorded time, so that pacing can be tested without a clock.
 *
 * <ul>
 *   <li>{@code max}: no schedule, every event is due at once.</li>
 *   <li>{@code speed(X)}: the recorded gaps divided by X (60: an hour in a minute).</li>
 *   <li>{@code rate(N)}: N events a second, evenly spaced, whatever the recorded times.</li>
 * </ul>
 *
 * <p>A ramp raises the pace linearly from zero to the target over its duration, then holds it.
 * With throttle {@code f(w) = min(1, w / ramp)} the work done by wall time {@code w} is
 * {@code W(w) = w² / (2·ramp)} during the ramp and {@code w − ramp/2} after it; an event is due
 * when {@code W(w)} reaches its place in the unramped schedule, so {@code w = W⁻¹(u)}.
 */
public final class Schedule {
    /** How events are paced. */
    public enum Mode { MAX, SPEED, RATE }

    private final Mode mode;
    private final double target;
    private final double rampSeconds;

    private Schedule(Mode mode, double target, Duration ramp) {
        this.mode = mode;
        this.target = target;
        this.rampSeconds = ramp == null ? 0 : ramp.toNanos() / 1e9;
    }

    public static Schedule max() {
        return new Schedule(Mode.MAX, Double.POSITIVE_INFINITY, null);
    }

    /** @param ramp null or zero for none */
    public static Schedule speed(double speed, Duration ramp) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a positive number, got " + speed);
        }
        return new Schedule(Mode.SPEED, speed, ramp);
    }

    /** @param ramp null or zero for none */
    public static Schedule rate(double eventsPerSecond, Duration ramp) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("--rate must be a positive number, got " + eventsPerSecond);
        }
        return new Schedule(Mode.RATE, eventsPerSecond, ramp);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * @param index              the event's number over the whole replay, loops included, from 0
     * @param recordedOffsetMs   its recorded time since the replay's first event (see {@link Timeline})
     * @return nanoseconds after the start at which the event is due; 0 for {@code max}
     */
    public long dueNanos(long index, double recordedOffsetMs) {
        double work = switch (mode) {
            case MAX -> 0;
            case SPEED -> Math.max(0, recordedOffsetMs) / 1000 / target;
            case RATE -> index / target;
        };
        return Math.round(wallSeconds(work) * 1e9);
    }

    /** W⁻¹: the wall-clock seconds by which {@code work} seconds of the unramped schedule are done. */
    private double wallSeconds(double work) {
        if (rampSeconds <= 0) {
            return work;
        }
        return work <= rampSeconds / 2 ? Math.sqrt(2 * rampSeconds * work) : work + rampSeconds / 2;
    }

    /**
     * The target rate at {@code elapsedNanos} after the start, for {@code rate} (N, scaled down
     * during the ramp); NaN for {@code speed}, whose rate is that of the recording, and {@code max}.
     */
    public double targetRateAt(long elapsedNanos) {
        if (mode != Mode.RATE) {
            return Double.NaN;
        }
        return rampSeconds <= 0 ? target : target * Math.min(1, elapsedNanos / 1e9 / rampSeconds);
    }

    /** N for {@code rate}, X for {@code speed}, infinity for {@code max}. */
    public double target() {
        return target;
    }

    public String describe() {
        String ramp = rampSeconds > 0 ? String.format(", ramp %.0f s", rampSeconds) : "";
        return switch (mode) {
            case MAX -> "as fast as possible";
            case SPEED -> String.format("%sx the recorded pace%s", trim(target), ramp);
            case RATE -> String.format("%s events/s%s", trim(target), ramp);
        };
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.format("%,d", (long) d) : String.valueOf(d);
    }
}
