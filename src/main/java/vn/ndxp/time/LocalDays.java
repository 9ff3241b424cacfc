package vn.ndxp.time;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Local calendar days in Asia/Ho_Chi_Minh, the one place of the platform's day arithmetic. The zone
 * has had no daylight saving since 1975, so a fixed +7 h shift is exact and much cheaper than a zone
 * lookup per event: a local day starts at 17:00 UTC of the previous UTC day.
 */
public final class LocalDays {
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** UTC+7: the offset of {@link #ZONE}, constant since 1975. */
    public static final ZoneOffset OFFSET = ZoneOffset.ofHours(7);
    public static final long DAY_MS = 86_400_000L;
    private static final long OFFSET_MS = OFFSET.getTotalSeconds() * 1000L;

    private LocalDays() {}

    /** The local day (days since 1970-01-01) of an instant given in epoch milliseconds. */
    public static long epochDay(long epochMillis) {
        return Math.floorDiv(epochMillis + OFFSET_MS, DAY_MS);
    }

    public static LocalDate date(long epochMillis) {
        return LocalDate.ofEpochDay(epochDay(epochMillis));
    }

    /** Milliseconds since the start of the local day. */
    public static long millisOfDay(long epochMillis) {
        return Math.floorMod(epochMillis + OFFSET_MS, DAY_MS);
    }

    /** The first millisecond of the local day. */
    public static long startMillis(long epochDay) {
        return epochDay * DAY_MS - OFFSET_MS;
    }

    /** The first millisecond after the local day ends. */
    public static long endMillis(long epochDay) {
        return (epochDay + 1) * DAY_MS - OFFSET_MS;
    }
}
