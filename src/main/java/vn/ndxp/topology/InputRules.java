package vn.ndxp.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the topology accepts as a countable event, beyond decoding: the codes it may name, how far
 * its time may be from the wall clock, and how long an eventId is remembered to recognise a
 * redelivery. Immutable; {@code with*} returns a changed copy.
 *
 * @param codes       the catalog's agency, system and service codes
 * @param maxAhead    an event whose requestTime is more than this ahead of the wall clock at
 *                    processing is rejected as {@code future-time}
 * @param notBefore   an event of an earlier local day is rejected as {@code before-platform}
 * @param dedupWindow an eventId seen again within this much event time of its first copy is a
 *                    duplicate (see {@link DailyCountsTopology} for what is actually kept)
 */
public record InputRules(KnownCodes codes, Duration maxAhead, LocalDate notBefore, Duration dedupWindow) {
    /** Generous enough for an accelerated simulation of the current day; see the README. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);
    /** Years before NDXP went live (2019): anything older is a clock or encoding error. */
    public static final LocalDate DEFAULT_NOT_BEFORE = LocalDate.of(2015, 1, 1);
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);

    public InputRules {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(notBefore, "notBefore");
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAhead must not be negative, got " + maxAhead);
        }
        if (dedupWindow.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the dedup window must be at least a minute, got " + dedupWindow);
        }
    }

    public static InputRules defaults(KnownCodes codes) {
        return new InputRules(codes, DEFAULT_MAX_AHEAD, DEFAULT_NOT_BEFORE, DEFAULT_DEDUP_WINDOW);
    }

    public InputRules withMaxAhead(Duration d) {
        return new InputRules(codes, d, notBefore, dedupWindow);
    }

    public InputRules withNotBefore(LocalDate d) {
        return new InputRules(codes, maxAhead, d, dedupWindow);
    }

    public InputRules withDedupWindow(Duration d) {
        return new InputRules(codes, maxAhead, notBefore, d);
    }

    public InputRules withCodes(KnownCodes c) {
        return new InputRules(c, maxAhead, notBefore, dedupWindow);
    }

    /** The first millisecond of {@link #notBefore()} in Asia/Ho_Chi_Minh. */
    long notBeforeMillis() {
        return LocalDays.startMillis(notBefore.toEpochDay());
    }

    /** For messages: the first accepted instant. */
    Instant notBeforeInstant() {
        return Instant.ofEpochMilli(notBeforeMillis());
    }
}
