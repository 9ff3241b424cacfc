package vn.ndxp.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import vn.ndxp.time.LocalDays;
import vn.ndxp.time.PlatformClock;

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
 * @param dedupMaxIds the most eventIds one input partition remembers: past it the oldest hours of
 *                    ids are forgotten early (see {@link #dedupMaxIdsFor(long, int)} for a bound from the heap)
 */
public record InputRules(KnownCodes codes, Duration maxAhead, LocalDate notBefore, Duration dedupWindow,
                         Duration maxSkew, int clockQuorum, int maxRecordBytes, int dedupMaxIds) {
    /** Generous enough for an accelerated simulation of the current day; see the README. */
    public static final Duration DEFAULT_MAX_AHEAD = Duration.ofDays(1);
    /** Years before NDXP went live (2019): anything older is a clock or encoding error. */
    public static final LocalDate DEFAULT_NOT_BEFORE = LocalDate.of(2015, 1, 1);
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
    public static final Duration DEFAULT_MAX_SKEW = PlatformClock.DEFAULT_MAX_SKEW;
    public static final int DEFAULT_CLOCK_QUORUM = PlatformClock.DEFAULT_QUORUM;
    /** Kafka's default {@code max.request.size}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    /**
     * 4 Mi ids per partition: 3.3 million events a day per partition with the default 30 h of
     * retention, a 6 Mi-slot table of 96 MiB at the bound. The most {@link #dedupMaxIdsFor} gives.
     */
    public static final int DEFAULT_DEDUP_MAX_IDS = 4 * 1024 * 1024;
    /** Below this a bound would forget ids within minutes at ordinary rates. */
    public static final int MIN_DEDUP_MAX_IDS = 64 * 1024;
    /**
     * Heap per remembered id at worst: 16 bytes a slot, the table right after growing by a half is
     * 0.7 / 1.5 = 47 % full (34 bytes an id), plus the old arrays while one partition's table grows.
     */
    static final int DEDUP_BYTES_PER_ID = 40;
    /** The share of the heap the eventIds of all input partitions may take together. */
    static final int DEDUP_HEAP_SHARE_DIVISOR = 3;

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
        if (dedupMaxIds < 1) {
            throw new IllegalArgumentException("the dedup bound (--dedup-max-ids) must be at least 1, got " + dedupMaxIds);
        }
        if (maxRecordBytes < 4096) {
            throw new IllegalArgumentException("the largest record to send (max.request.size, or the dead-letter or late topic's max.message.bytes) must be at least 4096 bytes, got " + maxRecordBytes);
        }
    }

    public static InputRules defaults(KnownCodes codes) {
        return new InputRules(codes, DEFAULT_MAX_AHEAD, DEFAULT_NOT_BEFORE, DEFAULT_DEDUP_WINDOW, DEFAULT_MAX_SKEW,
                DEFAULT_CLOCK_QUORUM, DEFAULT_MAX_RECORD_BYTES, DEFAULT_DEDUP_MAX_IDS);
    }

    /**
     * A bound per partition that keeps the ids of every input partition within a third of the heap
     * even when one instance hosts them all (the others down): the heap's third over
     * {@value #DEDUP_BYTES_PER_ID} bytes an id over the partitions, between
     * {@link #MIN_DEDUP_MAX_IDS} and {@link #DEFAULT_DEDUP_MAX_IDS}.
     */
    public static int dedupMaxIdsFor(long maxHeapBytes, int partitions) {
        long ids = maxHeapBytes / DEDUP_HEAP_SHARE_DIVISOR / DEDUP_BYTES_PER_ID / Math.max(1, partitions);
        return (int) Math.max(MIN_DEDUP_MAX_IDS, Math.min(DEFAULT_DEDUP_MAX_IDS, ids));
    }

    public InputRules withMaxAhead(Duration d) {
        return new InputRules(codes, d, notBefore, dedupWindow, maxSkew, clockQuorum, maxRecordBytes, dedupMaxIds);
    }

    public InputRules withNotBefore(LocalDate d) {
        return new InputRules(codes, maxAhead, d, dedupWindow, maxSkew, clockQuorum, maxRecordBytes, dedupMaxIds);
    }

    public InputRules withDedupWindow(Duration d) {
        return new InputRules(codes, maxAhead, notBefore, d, maxSkew, clockQuorum, maxRecordBytes, dedupMaxIds);
    }

    public InputRules withCodes(KnownCodes c) {
        return new InputRules(c, maxAhead, notBefore, dedupWindow, maxSkew, clockQuorum, maxRecordBytes, dedupMaxIds);
    }

    public InputRules withMaxSkew(Duration d) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, d, clockQuorum, maxRecordBytes, dedupMaxIds);
    }

    public InputRules withClockQuorum(int n) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, maxSkew, n, maxRecordBytes, dedupMaxIds);
    }

    public InputRules withMaxRecordBytes(int n) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, maxSkew, clockQuorum, n, dedupMaxIds);
    }

    public InputRules withDedupMaxIds(int n) {
        return new InputRules(codes, maxAhead, notBefore, dedupWindow, maxSkew, clockQuorum, maxRecordBytes, n);
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
