package vn.ndxp.simulator.scenario;

import vn.ndxp.simulator.SimRecord;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.ndxp.simulator.SimRecord;

/**
 * Reads {@code --scenario} values: {@code name:key=value,key=value}. Names and their keys:
 * <pre>
 * outage:system=S,from=HH:MM,to=HH:MM[,date=YYYY-MM-DD][,mode=fail|timeout]
 * silent:system=S,from=HH:MM,to=HH:MM[,date=YYYY-MM-DD]
 * surge:factor=X,from=HH:MM,to=HH:MM[,date=YYYY-MM-DD][,agency=A]
 * late:fraction=F[,delay=8h]
 * out-of-order:fraction=F[,max-shift=5m]
 * duplicates:fraction=F[,max-delay=10m]
 * malformed:fraction=F
 * clock-skew:system=S,offset=7h[,from=HH:MM][,to=HH:MM][,date=YYYY-MM-DD]
 * poison:kind=oversized|unknown-ids|foreign-schema,count=N,at=HH:MM[,date=YYYY-MM-DD]
 * </pre>
 */
public final class ScenarioParser {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "outage", Set.of("system", "from", "to", "date", "mode"),
            "silent", Set.of("system", "from", "to", "date"),
            "surge", Set.of("factor", "from", "to", "date", "agency"),
            "late", Set.of("fraction", "delay"),
            "out-of-order", Set.of("fraction", "max-shift"),
            "duplicates", Set.of("fraction", "max-delay"),
            "malformed", Set.of("fraction"),
            "clock-skew", Set.of("system", "offset", "from", "to", "date"),
            "poison", Set.of("kind", "count", "at", "date"));

    private ScenarioParser() {}

    public static Scenario parse(String spec) {
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        if (!KEYS.containsKey(name)) {
            throw new IllegalArgumentException("unknown scenario '" + name + "' in '" + spec + "': use one of "
                    + String.join(", ", KEYS.keySet().stream().sorted().toList()));
        }
        Params p = new Params(name, colon < 0 ? "" : spec.substring(colon + 1), KEYS.get(name));
        return switch (name) {
            case "outage" -> new Scenario.Outage(p.required("system"), p.window(),
                    Scenario.Outage.Mode.valueOf(p.optional("mode", "fail").toUpperCase(Locale.ROOT)));
            case "silent" -> new Scenario.Silence(p.required("system"), p.window());
            case "surge" -> new Scenario.Surge(p.positive("factor"), p.window(), p.optional("agency", null));
            case "late" -> new Scenario.Late(p.fraction(), p.duration("delay", "8h"));
            case "out-of-order" -> new Scenario.OutOfOrder(p.fraction(), p.duration("max-shift", "5m"));
            case "duplicates" -> new Scenario.Duplicates(p.fraction(), p.duration("max-delay", "10m"));
            case "clock-skew" -> new Scenario.ClockSkew(p.required("system"), duration(p.required("offset")),
                    p.windowOrAllDay());
            case "poison" -> p.poison();
            default -> new Scenario.Malformed(p.fraction());
        };
    }

    /** Parses {@code 90s}, {@code 15m}, {@code 8h}, {@code 2d}. */
    public static Duration duration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.length() < 2) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 90s, 15m, 8h, 2d");
        }
        boolean millis = v.endsWith("ms");
        long amount;
        try {
            amount = Long.parseLong(v.substring(0, v.length() - (millis ? 2 : 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 90s, 15m, 8h, 2d");
        }
        if (millis) {
            return Duration.ofMillis(amount);
        }
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 90s, 15m, 8h, 2d");
        };
    }

    private static final class Params {
        private final String name;
        private final Map<String, String> values = new LinkedHashMap<>();

        Params(String name, String text, Set<String> allowed) {
            this.name = name;
            for (String pair : text.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair.trim() : pair.substring(0, eq).trim();
                if (eq < 0 || !allowed.contains(key)) {
                    throw new IllegalArgumentException("scenario " + name + ": unknown parameter '" + key
                            + "' (expected " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                values.put(key, pair.substring(eq + 1).trim());
            }
        }

        String required(String key) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("scenario " + name + ": parameter '" + key + "' is required");
            }
            return v;
        }

        String optional(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        double positive(String key) {
            double v = number(key, required(key));
            if (v <= 0) {
                throw new IllegalArgumentException("scenario " + name + ": " + key + " must be positive, got " + v);
            }
            return v;
        }

        double fraction() {
            double v = number("fraction", required("fraction"));
            if (v <= 0 || v >= 1) {
                throw new IllegalArgumentException("scenario " + name + ": fraction must be between 0 and 1, got " + v);
            }
            return v;
        }

        Duration duration(String key, String fallback) {
            try {
                return ScenarioParser.duration(optional(key, fallback));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario " + name + ": " + key + ": " + e.getMessage());
            }
        }

        Scenario.Poison poison() {
            SimRecord.Malformation kind = switch (required("kind")) {
                case "oversized" -> SimRecord.Malformation.OVERSIZED;
                case "unknown-ids" -> SimRecord.Malformation.DISTINCT_UNKNOWN_SCHEMA;
                case "foreign-schema" -> SimRecord.Malformation.FOREIGN_SCHEMA;
                default -> throw new IllegalArgumentException("scenario poison: kind must be oversized, unknown-ids"
                        + " or foreign-schema, got '" + values.get("kind") + "'");
            };
            long count = Math.round(positive("count"));
            if (count > 1_000_000) {
                throw new IllegalArgumentException("scenario poison: count must be at most 1000000, got " + count);
            }
            try {
                LocalDate date = values.containsKey("date") ? LocalDate.parse(values.get("date")) : null;
                return new Scenario.Poison(kind, (int) count, LocalTime.parse(required("at")), date);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("scenario poison: " + e.getParsedString()
                        + " is not a time (HH:MM) or date (YYYY-MM-DD)");
            }
        }

        /** The window of {@code from} (default: midnight) and {@code to} (default: the end of the day). */
        TimeWindow windowOrAllDay() {
            values.putIfAbsent("from", "00:00");
            values.putIfAbsent("to", "23:59:59.999");
            return window();
        }

        TimeWindow window() {
            try {
                LocalDate date = values.containsKey("date") ? LocalDate.parse(values.get("date")) : null;
                return new TimeWindow(LocalTime.parse(required("from")), LocalTime.parse(required("to")), date);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("scenario " + name + ": " + e.getParsedString()
                        + " is not a time (HH:MM) or date (YYYY-MM-DD)");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario " + name + ": " + e.getMessage());
            }
        }

        private double number(String key, String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("scenario " + name + ": " + key + " must be a number, got '" + text + "'");
            }
        }
    }
}
