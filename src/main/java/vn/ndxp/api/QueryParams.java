package vn.ndxp.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vn.ndxp.http.Call;
import vn.ndxp.time.LocalDays;

/**
 * The query parameters of the API's questions, checked: each bad value is a 400 that names the
 * parameter, what it must be and (shortened) what it was.
 */
public final class QueryParams {
    private static final int MAX_MINUTES = 360;
    private static final int MAX_PARTITIONS = 10_000;
    private static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

    private QueryParams() {}

    /** The {@code partitions} of an internal question (comma-separated numbers), or null for every active one. */
    public static Set<Integer> partitions(Map<String, List<String>> query) {
        String v = first(query, "partitions");
        if (v == null) {
            return null;
        }
        Set<Integer> out = new TreeSet<>();
        for (String p : v.split(",", -1)) {
            try {
                int n = Integer.parseInt(p);
                if (n >= 0 && n < MAX_PARTITIONS) {
                    out.add(n);
                    continue;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw ApiException.badRequest("partitions must be numbers from 0 to " + (MAX_PARTITIONS - 1)
                    + ", separated by commas, got '" + shorten(v) + "'");
        }
        return out;
    }

    /** A parameter's value, or null when absent or empty. */
    static String optional(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        return v == null || v.isEmpty() ? null : v;
    }

    static String required(Map<String, List<String>> query, String name) {
        String v = optional(query, name);
        if (v == null) {
            throw ApiException.badRequest("missing parameter " + name);
        }
        return v;
    }

    static LocalDate requiredDate(Map<String, List<String>> query) {
        LocalDate d = date(query);
        if (d == null) {
            throw ApiException.badRequest("missing parameter date");
        }
        return d;
    }

    /** {@code date=YYYY-MM-DD} from 1970 to 9999, or null when absent or empty. */
    public static LocalDate date(Map<String, List<String>> query) {
        String v = first(query, "date");
        if (v == null || v.isEmpty()) {
            return null;
        }
        LocalDate d;
        try {
            d = LocalDate.parse(v);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("date must be YYYY-MM-DD, got '" + shorten(v) + "'");
        }
        if (d.isBefore(FIRST_DAY) || d.isAfter(LAST_DAY)) {
            throw ApiException.badRequest("date must be from " + FIRST_DAY + " to " + LAST_DAY + ", got '" + v + "'");
        }
        return d;
    }

    static String window(Map<String, List<String>> query) {
        String v = first(query, "window");
        if (v == null || v.isEmpty()) {
            return "1m";
        }
        if (!v.equals("1m") && !v.equals("1d")) {
            throw ApiException.badRequest("window must be 1m or 1d, got '" + shorten(v) + "'");
        }
        return v;
    }

    static int minutes(Map<String, List<String>> query) {
        String v = first(query, "minutes");
        if (v == null || v.isEmpty()) {
            return 5;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_MINUTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("minutes must be a whole number from 1 to " + MAX_MINUTES + ", got '" + shorten(v) + "'");
    }

    /**
     * An instant, a date-time with offset, a local date (its local midnight) or epoch milliseconds,
     * from 1970 to the end of 9999.
     */
    static long since(Map<String, List<String>> query) {
        String v = first(query, "since");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        Instant t;
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                t = v.length() > 15 ? Instant.MAX : Instant.ofEpochMilli(Long.parseLong(v));
            } else if (v.length() == 10) {
                t = Instant.ofEpochMilli(LocalDays.endMillis(date(Map.of("date", List.of(v))).toEpochDay() - 1));
            } else if (v.endsWith("Z")) {
                t = Instant.parse(v);
            } else {
                t = OffsetDateTime.parse(v).toInstant();
            }
        } catch (DateTimeException | ArithmeticException | NumberFormatException | ApiException e) {
            throw ApiException.badRequest("since must be an ISO-8601 instant (2024-04-24T02:00:00Z), a date-time with"
                    + " offset, a date (YYYY-MM-DD) or epoch milliseconds, got '" + shorten(v) + "'");
        }
        if (t.isBefore(Instant.EPOCH) || t.isAfter(LAST_INSTANT)) {
            throw ApiException.badRequest("since must be from 1970 to the end of 9999, got '" + shorten(v) + "'");
        }
        return t.toEpochMilli();
    }

    private static String shorten(String v) {
        return v.length() <= 64 ? v : v.substring(0, 64) + "...";
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A raw query string as its decoded parameters; a bad percent-escape is a 400. */
    static Map<String, List<String>> parseQuery(String raw) {
        return Call.parseQuery(raw);
    }

}
