package vn.ndxp.metrics;

import java.util.HashMap;
import java.util.Map;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.AgencyTotals;
import vn.ndxp.topology.HygieneKeys;

/**
 * What the state stores held at one moment, reduced to what the metrics show. "Today" is the
 * newest local day present in the counts, i.e. the local day of the newest event time seen, so an
 * accelerated replay of a past date looks exactly as it would have live.
 */
public final class CountsSnapshot {
    static final CountsSnapshot EMPTY = new CountsSnapshot();

    private long todayEpochDay = Long.MIN_VALUE;
    private final Map<String, long[]> byAgencyRole = new HashMap<>();
    /** Per agency and role: its newest day and that day's total. */
    private final Map<String, long[]> newestDay = new HashMap<>();
    private final Map<String, Long> hygiene = new HashMap<>();

    /**
     * One counting task's totals of an agency and role ({@code AGENCY/role}); an agency's days are
     * spread over the tasks, so it comes once from each.
     */
    void addTotals(String agencyRole, AgencyTotals t) {
        long[] totals = byAgencyRole.computeIfAbsent(agencyRole, k -> new long[ExchangeStatus.values().length]);
        for (int i = 0; i < totals.length; i++) {
            totals[i] += t.byStatus()[i];
        }
        if (t.newestDay() == Long.MIN_VALUE) {
            return;
        }
        todayEpochDay = Math.max(todayEpochDay, t.newestDay());
        long[] newest = newestDay.computeIfAbsent(agencyRole, k -> new long[] {Long.MIN_VALUE, 0});
        if (t.newestDay() > newest[0]) {
            newest[0] = t.newestDay();
            newest[1] = t.newestTotal();
        }
    }

    /**
     * Hygiene counters are kept per input partition under the same keys: they add up. How far a
     * system's clock is ahead is the largest of the partitions'.
     */
    void addHygiene(String key, long value) {
        hygiene.merge(key, value, key.startsWith(HygieneKeys.CLOCK_AHEAD_PREFIX) ? Math::max : Long::sum);
    }

    static String key(String agency, String role) {
        return agency + '/' + role;
    }

    Iterable<String> agencyRoles() {
        return byAgencyRole.keySet();
    }

    Iterable<String> hygieneKeys() {
        return hygiene.keySet();
    }

    long today(String agencyRole) {
        long[] newest = newestDay.get(agencyRole);
        return newest != null && newest[0] == todayEpochDay ? newest[1] : 0;
    }

    long total(String agencyRole, ExchangeStatus status) {
        long[] totals = byAgencyRole.get(agencyRole);
        return totals == null ? 0 : totals[status.ordinal()];
    }

    /** Every transaction counts once for its consumer agency: their sum is the platform's total. */
    public long platformToday() {
        long sum = 0;
        for (String key : byAgencyRole.keySet()) {
            if (key.endsWith("/consumer")) {
                sum += today(key);
            }
        }
        return sum;
    }

    /** All transactions of every day kept, each counted once (for its consumer agency). */
    long platformTotal() {
        long sum = 0;
        for (Map.Entry<String, long[]> e : byAgencyRole.entrySet()) {
            if (e.getKey().endsWith("/consumer")) {
                for (long n : e.getValue()) {
                    sum += n;
                }
            }
        }
        return sum;
    }

    long hygiene(String key) {
        return hygiene.getOrDefault(key, 0L);
    }

    long late() {
        return hygiene(HygieneKeys.LATE);
    }

    long duplicates() {
        return hygiene(HygieneKeys.DUPLICATE);
    }
}
