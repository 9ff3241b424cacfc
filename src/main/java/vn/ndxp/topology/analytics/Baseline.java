package vn.ndxp.topology.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import vn.ndxp.time.DayType;
import vn.ndxp.time.LocalDays;
import vn.ndxp.time.VietnamCalendar;

/**
 * A system's usual calls per hour of the week, learned from history ({@code volume-baseline-store}).
 *
 * <p><b>Slots.</b> 8 × 24: the hour of the local day on Monday ... Sunday, plus an eighth "day"
 * for public holidays and Tết, which the Vietnamese calendar ({@link VietnamCalendar}) says are
 * days off whatever their weekday, so that a holiday neither looks like a collapse of a Monday's
 * traffic nor teaches the Monday baseline holiday volumes. A Saturday worked to make up a swapped
 * day counts as a Wednesday (an ordinary working day).
 *
 * <p><b>Learning.</b> An exponentially weighted moving average per slot, updated once per closed
 * hour: {@code mean += alpha * (count - mean)}, the first observation taken as is. With alpha 0.3
 * the last three or four weeks carry most of the weight, so a lasting change of level is
 * learned within a month. A slot is trusted after {@code baselineMinSamples} observations.
 */
final class Baseline {
    static final int DAYS = 8;
    static final int SLOTS = DAYS * 24;
    private static final int HOLIDAY = 7;

    private final double[] mean = new double[SLOTS];
    private final int[] samples = new int[SLOTS];

    /** The slot of the hour starting at {@code hourStart} (epoch ms). */
    static int slot(long hourStart) {
        LocalDate date = LocalDays.date(hourStart);
        int hour = (int) (LocalDays.millisOfDay(hourStart) / 3_600_000L);
        return dayIndex(date) * 24 + hour;
    }

    private static int dayIndex(LocalDate date) {
        DayOfWeek weekday = date.getDayOfWeek();
        if (!VietnamCalendar.supports(date)) {
            return weekday.getValue() - 1;
        }
        DayType type = VietnamCalendar.dayType(date);
        if (type == DayType.HOLIDAY || type == DayType.TET) {
            return HOLIDAY;
        }
        if (type == DayType.WORKDAY && (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY)) {
            return DayOfWeek.WEDNESDAY.getValue() - 1;
        }
        return weekday.getValue() - 1;
    }

    double mean(int slot) {
        return mean[slot];
    }

    int samples(int slot) {
        return samples[slot];
    }

    void learn(int slot, long count, double alpha) {
        if (samples[slot] == 0) {
            mean[slot] = count;
        } else {
            mean[slot] += alpha * (count - mean[slot]);
        }
        if (samples[slot] < Integer.MAX_VALUE) {
            samples[slot]++;
        }
    }

    /** Only the learned slots: index, samples, mean. */
    byte[] encode() {
        Codec.Writer w = new Codec.Writer(256);
        int n = 0;
        for (int s : samples) {
            n += s > 0 ? 1 : 0;
        }
        w.writeByte(1).writeVarLong(n);
        for (int i = 0; i < SLOTS; i++) {
            if (samples[i] > 0) {
                w.writeVarLong(i).writeVarLong(samples[i]).writeDouble(mean[i]);
            }
        }
        return w.toByteArray();
    }

    static Baseline decode(byte[] bytes) {
        Baseline b = new Baseline();
        if (bytes == null) {
            return b;
        }
        Codec.Reader r = new Codec.Reader(bytes);
        int version = r.readByte();
        if (version != 1) {
            throw new IllegalArgumentException("unknown Baseline encoding version " + version);
        }
        long n = r.readVarLong();
        for (long i = 0; i < n; i++) {
            int slot = r.readVarInt();
            b.samples[slot] = r.readVarInt();
            b.mean[slot] = r.readDouble();
        }
        return b;
    }
}
