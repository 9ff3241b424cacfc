package vn.ndxp.topology.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.time.WorkingTime;

/**
 * The three alert rules, as pure functions of a system's {@link SystemState} and {@link Baseline}
 * and the analytics clock (see docs/topology.md, "Alert rules"). Every decision is made for a
 * complete minute or hour of event time, at the moment the data of that minute is complete (the
 * clock has passed it), and raise and clear times are those minute or hour boundaries: the same
 * events give the same alerts at the same times, however fast they are replayed.
 *
 * <ul>
 *   <li><b>Silent system</b>: a consumer system with no call for {@code silence} working minutes
 *       (office hours of working days, so public holidays, weekends, lunch and nights never count)
 *       while its baseline for this hour of the week, trusted, expects at least
 *       {@code silenceMinExpected} calls in that time. Raised at the end of the last silent minute,
 *       cleared at the minute of the next call.</li>
 *   <li><b>Provider error ratio</b>: for each minute boundary, the share of PROVIDER_ERROR and
 *       TIMEOUT among the requests to a provider system over the {@code errorWindow} before it;
 *       raised at or above {@code errorRatio} with at least {@code errorMinRequests} requests,
 *       cleared below half of it (or without requests), so that it does not flap.</li>
 *   <li><b>Volume anomaly</b>: for each closed hour, a consumer system's calls against its
 *       hour-of-week baseline: more than {@code volumeFactor} times it (with at least
 *       {@code volumeMinCount} calls) or less than 1/{@code volumeFactor} of it (when it expects at
 *       least {@code volumeMinCount}); cleared at the end of the next normal hour. Every closed hour
 *       is then learned into the baseline.</li>
 * </ul>
 */
final class SystemRules {
    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;
    /**
     * A clock jump larger than this (a gap in the data) is not scanned minute by minute, by either
     * rule. Anything shorter is: in a fast replay the clock moves hours at a time, and every minute
     * must be judged.
     */
    private static final long MAX_SCAN = 8 * 24 * HOUR;

    /** A change of an alert's state, before it becomes an Avro record. */
    record Change(AlertType type, boolean raise, long at, double observed, double expected, double threshold,
                  String message) {}

    private final AnalyticsConfig config;
    private final long silenceMinutes;
    private final long errorWindow;
    private final WorkingTime workingTime = new WorkingTime();

    SystemRules(AnalyticsConfig config) {
        this.config = config;
        this.silenceMinutes = config.silence().after().toMinutes();
        this.errorWindow = config.errors().window().toMillis();
    }

    static long floor(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    /** A partial's calls as a consumer. Minutes already judged are ignored: the rules do not go back. */
    void addCalls(SystemState s, List<Partial.HourCount> hours) {
        if (!s.isConsumer()) {
            long first = Long.MAX_VALUE;
            for (Partial.HourCount h : hours) {
                if (h.minuteBits() != 0) {
                    first = Math.min(first, h.hourStart() + Long.numberOfTrailingZeros(h.minuteBits()) * MINUTE);
                }
            }
            if (first == Long.MAX_VALUE) {
                return;
            }
            s.scannedUntil = first;
        }
        for (Partial.HourCount h : hours) {
            if (h.hourStart() + HOUR > s.scannedUntil) {
                SystemState.Hour open = s.openHours.computeIfAbsent(h.hourStart(), k -> new SystemState.Hour(0, 0));
                open.calls += h.count();
                open.minuteBits |= h.minuteBits();
            }
        }
    }

    /** A partial's requests as a provider, by minute: {minute start → {requests, provider errors}}. */
    void addRequests(SystemState s, Map<Long, long[]> byMinute) {
        for (Map.Entry<Long, long[]> e : byMinute.entrySet()) {
            long minute = e.getKey();
            if (!s.isProvider()) {
                s.errorsJudgedUntil = minute;
            }
            if (minute + errorWindow > s.errorsJudgedUntil) {
                long[] sum = s.minutes.computeIfAbsent(minute, m -> new long[2]);
                sum[0] += e.getValue()[0];
                sum[1] += e.getValue()[1];
            }
        }
    }

    /**
     * Judges every complete minute before {@code end} (a minute boundary) not judged yet.
     *
     * @param since the clock's first value: hours that started before it were not fully observed
     *              and are neither judged by the volume rule nor learned
     */
    List<Change> evaluate(SystemState s, Baseline b, long end, long since) {
        List<Change> changes = new ArrayList<>(0);
        if (s.isConsumer() && s.scannedUntil < end) {
            scanCalls(s, b, end, since, changes);
        }
        if (s.isProvider() && s.errorsJudgedUntil < end) {
            judgeErrors(s, end, changes);
        }
        return changes;
    }

    private void scanCalls(SystemState s, Baseline b, long end, long since, List<Change> changes) {
        long m = s.scannedUntil;
        if (end - m > MAX_SCAN) {
            m = floor(end - MAX_SCAN, HOUR);
            s.openHours.headMap(m).clear();
            s.silentMinutes = 0;
        }
        while (m < end) {
            long hour = floor(m, HOUR);
            long hourEnd = hour + HOUR;
            long stop = Math.min(hourEnd, end);
            SystemState.Hour h = s.openHours.get(hour);
            int slot = Baseline.slot(hour);
            for (; m < stop; m += MINUTE) {
                boolean called = h != null && ((h.minuteBits >>> ((m - hour) / MINUTE)) & 1) != 0;
                if (called) {
                    if (s.silentRaisedAt != SystemState.NONE) {
                        changes.add(new Change(AlertType.SILENT_SYSTEM, false, m, s.silentMinutes, 0, silenceMinutes,
                                "calls again after " + s.silentMinutes + " silent working minutes"));
                        s.silentRaisedAt = SystemState.NONE;
                    }
                    s.silentMinutes = 0;
                } else if (workingTime.isWorkingMinute(m)) {
                    s.silentMinutes++;
                    if (s.silentRaisedAt == SystemState.NONE && s.silentMinutes >= silenceMinutes) {
                        double expected = b.mean(slot) / 60.0 * silenceMinutes;
                        if (b.samples(slot) >= config.baseline().minSamples() && expected >= config.silence().minExpected()) {
                            long at = m + MINUTE;
                            changes.add(new Change(AlertType.SILENT_SYSTEM, true, at, s.silentMinutes, expected,
                                    silenceMinutes, String.format(Locale.ROOT,
                                            "no call for %d working minutes; about %.0f expected at this hour of the week",
                                            s.silentMinutes, expected)));
                            s.silentRaisedAt = at;
                        }
                    }
                }
            }
            if (m == hourEnd) {
                long calls = h == null ? 0 : h.calls;
                s.openHours.remove(hour);
                if (hour >= since) {
                    judgeVolume(s, b, hour, slot, calls, changes);
                    b.learn(slot, calls, config.baseline().alpha());
                }
            }
        }
        s.scannedUntil = m;
    }

    private void judgeVolume(SystemState s, Baseline b, long hour, int slot, long calls, List<Change> changes) {
        double mean = b.mean(slot);
        boolean trusted = b.samples(slot) >= config.baseline().minSamples();
        double factor = config.volume().factor();
        boolean high = trusted && calls >= config.volume().minCount() && calls > mean * factor;
        boolean low = trusted && mean >= config.volume().minCount() && calls < mean / factor;
        long at = hour + HOUR;
        if ((high || low) && s.volumeRaisedAt == SystemState.NONE) {
            changes.add(new Change(AlertType.VOLUME_ANOMALY, true, at, calls, mean, high ? mean * factor : mean / factor,
                    String.format(Locale.ROOT, "%d calls in the hour from %s, baseline %.0f for this hour of the week",
                            calls, java.time.Instant.ofEpochMilli(hour), mean)));
            s.volumeRaisedAt = at;
        } else if (!high && !low && s.volumeRaisedAt != SystemState.NONE) {
            changes.add(new Change(AlertType.VOLUME_ANOMALY, false, at, calls, mean, 0,
                    String.format(Locale.ROOT, "back to %d calls in an hour, baseline %.0f", calls, mean)));
            s.volumeRaisedAt = SystemState.NONE;
        }
    }

    private void judgeErrors(SystemState s, long end, List<Change> changes) {
        long from = Math.max(s.errorsJudgedUntil, end - MAX_SCAN);
        double threshold = config.errors().ratio();
        for (long e = from + MINUTE; e <= end; e += MINUTE) {
            long requests = 0;
            long errors = 0;
            for (long[] c : s.minutes.subMap(e - errorWindow, e).values()) {
                requests += c[0];
                errors += c[1];
            }
            double ratio = requests == 0 ? 0 : errors / (double) requests;
            if (s.errorRaisedAt == SystemState.NONE && requests >= config.errors().minRequests() && ratio >= threshold) {
                changes.add(new Change(AlertType.PROVIDER_ERROR_RATIO, true, e, ratio, 0, threshold,
                        String.format(Locale.ROOT, "%d of %d requests failed by the provider (%.0f %%) in the last %d minutes",
                                errors, requests, ratio * 100, errorWindow / MINUTE)));
                s.errorRaisedAt = e;
            } else if (s.errorRaisedAt != SystemState.NONE && (requests == 0 || ratio < threshold / 2)) {
                changes.add(new Change(AlertType.PROVIDER_ERROR_RATIO, false, e, ratio, 0, threshold,
                        String.format(Locale.ROOT, "provider errors down to %.1f %% of %d requests", ratio * 100, requests)));
                s.errorRaisedAt = SystemState.NONE;
            }
        }
        s.errorsJudgedUntil = end;
        s.minutes.headMap(end - errorWindow).clear();
    }
}
