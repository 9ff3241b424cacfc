package vn.ndxp.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.analytics.Counts;

/**
 * The value of {@code agency-totals-store} (key {@code AGENCY/role}), one per counting task: what
 * the metrics and the query API need of an agency without reading its past days. Transactions by
 * status (index {@link ExchangeStatus#ordinal()}) over every day this task has counted, also those
 * the retention has since removed; and the newest day the task holds for the agency, with that
 * day's counts. The day of an {@code AGENCY/role/YYYY-MM-DD} key is counted in one task only, so
 * over all tasks an agency's counts today are those of the task whose newest day is today.
 *
 * @param newestDay epoch day; {@link Long#MIN_VALUE} before the task has counted a day of the agency
 */
public record AgencyTotals(long[] byStatus, long newestDay, long[] newestByStatus) {
    private static final int BYTES = (2 * Counts.STATUSES + 1) * Long.BYTES;

    public static AgencyTotals none() {
        return new AgencyTotals(new long[Counts.STATUSES], Long.MIN_VALUE, new long[Counts.STATUSES]);
    }

    /** These totals and {@code more} transactions by status. */
    AgencyTotals plus(long[] more) {
        long[] sum = byStatus.clone();
        Counts.add(sum, more);
        return new AgencyTotals(sum, newestDay, newestByStatus);
    }

    /**
     * These totals and {@code more} transactions of {@code day} by status: the newest day's grow by
     * them too, or a newer day starts with them (its first partial count here, since the task counts
     * all of that day's); an older day's leave the newest as it is.
     */
    AgencyTotals plus(long day, long[] more) {
        AgencyTotals sum = plus(more);
        if (day < newestDay) {
            return sum;
        }
        long[] newest = day == newestDay ? newestByStatus.clone() : new long[Counts.STATUSES];
        Counts.add(newest, more);
        return new AgencyTotals(sum.byStatus, day, newest);
    }

    /** With a day's counts as they now are: the newest day's, unless an older day's. */
    AgencyTotals withDay(long day, long[] dayByStatus) {
        return day < newestDay ? this : new AgencyTotals(byStatus, day, dayByStatus);
    }

    public long newestTotal() {
        return Counts.total(newestByStatus);
    }

    /** A daily count's transactions by status. */
    public static long[] byStatus(AgencyDailyCount c) {
        long[] s = new long[Counts.STATUSES];
        s[ExchangeStatus.SUCCESS.ordinal()] = c.getSuccess();
        s[ExchangeStatus.CLIENT_ERROR.ordinal()] = c.getClientError();
        s[ExchangeStatus.PROVIDER_ERROR.ordinal()] = c.getProviderError();
        s[ExchangeStatus.TIMEOUT.ordinal()] = c.getTimeout();
        s[ExchangeStatus.REJECTED.ordinal()] = c.getRejected();
        return s;
    }

    /** Eleven longs: the totals, the newest day, its counts. */
    public static Serde<AgencyTotals> serde() {
        return Serdes.serdeFrom((topic, t) -> t == null ? null : encode(t), (topic, b) -> b == null ? null : decode(b));
    }

    static byte[] encode(AgencyTotals t) {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        for (long n : t.byStatus) {
            b.putLong(n);
        }
        b.putLong(t.newestDay);
        for (long n : t.newestByStatus) {
            b.putLong(n);
        }
        return b.array();
    }

    static AgencyTotals decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long[] totals = new long[Counts.STATUSES];
        long[] newest = new long[Counts.STATUSES];
        for (int i = 0; i < Counts.STATUSES; i++) {
            totals[i] = b.getLong();
        }
        long day = b.getLong();
        for (int i = 0; i < Counts.STATUSES; i++) {
            newest[i] = b.getLong();
        }
        return new AgencyTotals(totals, day, newest);
    }
}
