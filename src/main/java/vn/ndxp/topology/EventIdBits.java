package vn.ndxp.topology;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An eventId as 128 bits: a UUID in its canonical text form (what producers are asked to send)
 * is read as the number it is; any other text becomes its name-based UUID (MD5, version 3), which
 * can never equal a random (version 4) UUID and collides with another id with a probability far
 * below anything a day of events could reach.
 */
final class EventIdBits {
    private EventIdBits() {}

    /** The high 64 bits go to {@code out[0]}, the low 64 to {@code out[1]}. */
    static void of(String eventId, long[] out) {
        if (!parseCanonical(eventId, out)) {
            UUID named = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
            out[0] = named.getMostSignificantBits();
            out[1] = named.getLeastSignificantBits();
        }
    }

    /** {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, lower- or upper-case hex. */
    private static boolean parseCanonical(String s, long[] out) {
        if (s.length() != 36 || s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return false;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return false;
            }
            if (digits++ < 16) {
                high = high << 4 | d;
            } else {
                low = low << 4 | d;
            }
        }
        out[0] = high;
        out[1] = low;
        return true;
    }
}
