package vn.ndxp.topology;

import java.time.LocalDate;
import java.util.Locale;
import vn.ndxp.model.avro.Role;

/**
 * The key of a daily count: agency, role and local date, written {@code AGENCY/role/YYYY-MM-DD}
 * so that it reads well in any Kafka tool and sorts by agency.
 */
public record AgencyDayKey(String agency, Role role, LocalDate date) {

    public static String format(String agency, Role role, long epochDay) {
        return agency + '/' + roleLabel(role) + '/' + LocalDate.ofEpochDay(epochDay);
    }

    public static AgencyDayKey parse(String key) {
        int first = key.indexOf('/');
        int second = key.indexOf('/', first + 1);
        if (first <= 0 || second <= first + 1) {
            throw new IllegalArgumentException("Not an agency-day key: " + key);
        }
        Role role = Role.valueOf(key.substring(first + 1, second).toUpperCase(Locale.ROOT));
        return new AgencyDayKey(key.substring(0, first), role, LocalDate.parse(key.substring(second + 1)));
    }

    /** {@code AGENCY/role} of an {@code AGENCY/role/YYYY-MM-DD} key: the key of {@code agency-totals-store}. */
    public static String agencyRole(String agencyDayKey) {
        return agencyDayKey.substring(0, agencyDayKey.lastIndexOf('/'));
    }

    /** The local date of an {@code AGENCY/role/YYYY-MM-DD} key, as an epoch day. */
    public static long epochDay(String agencyDayKey) {
        return LocalDate.parse(agencyDayKey.substring(agencyDayKey.lastIndexOf('/') + 1)).toEpochDay();
    }

    /** The agency of an {@code AGENCY/role} key. */
    public static String agencyOf(String agencyRole) {
        return agencyRole.substring(0, agencyRole.indexOf('/'));
    }

    /** The role label ({@code consumer} or {@code provider}) of an {@code AGENCY/role} key. */
    public static String roleOf(String agencyRole) {
        return agencyRole.substring(agencyRole.indexOf('/') + 1);
    }

    /** The role as it appears in keys and metric labels: {@code consumer} or {@code provider}. */
    public static String roleLabel(Role role) {
        return role == Role.CONSUMER ? "consumer" : "provider";
    }
}
