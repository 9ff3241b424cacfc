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
 * @param maxSkew     an event more than this ahead of its partition's event-time clock (see
 *                    {@link PlatformClock}) is set aside as {@code clock-ahead}
 * @param clockQuorum how many consumer systems the event-time clock waits for: it is the
 *                    {@code clockQuorum}-th newest of their clocks, so fewer systems cannot drag it forward
 * @param maxRecordBytes the largest record the app's producer sends ({@code max.request.size}): a
 *                    dead letter or late event that would be larger goes out as a {@code too-large} reference
 */
public record InputRules(KnownCodes codes, Duration maxAhead, LocalDate notBefore, Duration dedupWindow,
                         Duration maxSkew, int clockQuorum, int maxRecordBytes) {
    /** Generous enough for an accelerated simulation of the current day; see the README. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);
    /** Years before NDXP went live (2019): anything older is a clock or encoding error. */
    public static final LocalDate DEFAULT_NOT_BEFORE = LocalDate.of(2015, 1, 1);
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
    /** Well under the grace, well over the seconds that honest systems' clocks differ by. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofHours(1);
    /** One or two systems with a clock ahead cannot move the day; three that agree can. */
    public static final int DEFAULT_CLOCK_QUORUM = 3;
    /** Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public InputRules {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(notBefore, "notBefore");
        if (maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAhead must not be negative, got " + maxAhead);
        }
        if (dedupWindow.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the dedup window must be at least a minute, got " + dedupWindow);
        }
        if (maxSkew.isNegative()) {
            throw new IllegalArgumentException("maxSkew must not be negative, got " + maxSkew);
        }
        if (clockQuorum < 1) {
            throw new IllegalArgumentException("the clock quorum must be at least 1, got " + clockQuorum);
        }
        if (maxRecordBytes < 4096) {
            throw new IllegalArgumentException("the largest record to send (max.request.size, or the dead-letter or late topic's max.message.bytes) must be at least 4096 bytes, got " + maxRecordBytes);
        }
    }

    public static InputRules defaults(KnownCodes codes) {
        return new InputRules(codes, DEFAULT_MAX_AHEAD, DEFAULT_NOT_BEFORE, DEFAULT_DEDUP_WINDOW, DEFAULT_MAX_SKEW,
                DEFAULT_CLOCK_QUORUM, DEFAULT_MAX_RECORD_BYTES);
    }

    public InputRules withMaxAhead(Duration d) {
        return new InputRules(codes, d, notBefore, dedupWindow, maxSkew, clockQuorum, maxRecordBytes);
    }

    public InputRules withNotBefore(LocalDate d) {
        return new InputRules(codes, maxAhead, d, dedupWindow, maxSkew, clockQuorum, maxRecordBytes);
    }

    public InputRules withDedupWindow(Duration d) {
        return new InputRules(codes, maxAhead, notBefore, d, maxSkew, clockQuorum, maxRecordBytes);
    }

    public InputRules withCodes(KnownCodes c) {
        return new InputRules(c, maxAhead, notBefore, dedupWindow, maxSkew, clockQuorum, maxRecordBytes);
    }

    public InputRules withMaxSkew(Duration d) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, d, clockQuorum, maxRecordBytes);
    }

    public InputRules withClockQuorum(int n) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, maxSkew, n, maxRecordBytes);
    }

    public InputRules withMaxRecordBytes(int n) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, maxSkew, clockQuorum, n);
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
