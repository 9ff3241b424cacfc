package vn.ndxp.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * A synthetic national catalog K times the size of a real one, to measure how the platform's cost
 * grows with the number of agencies, systems and services: copy 1 is the catalog itself, copies 2..K
 * repeat every agency, system and service with {@code _<copy>} after its code ({@code BCA_2},
 * {@code BCA_CSDLQGDC_2}, {@code BCA_CSDLQGDC_VERIFY_CITIZEN_2}), so the codes stay readable label
 * values, at most three characters longer. Each copy's weights are the original's times a seeded
 * factor between 0.5 and 2, so the copies are not clones and the same seed writes the same file.
 *
 * <p>Written in the built-in file's compact style (one line a service), so that a 20× catalog stays
 * within the loader's limit on a document's size.
 */
public final class ScaledCatalog {
    /** Copies at most: a document the loader reads ({@link YamlTree#MAX_CODE_POINTS}), codes three characters longer. */
    public static final int MAX_SCALE = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScaledCatalog() {}

    /**
     * The YAML text of {@code base} scaled {@code scale} times; loads with {@link CatalogLoader#parse}.
     *
     * @throws IllegalArgumentException unless 1 &le; scale &le; {@link #MAX_SCALE}
     */
    public static String yaml(Catalog base, int scale, long seed) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("the scale must be 1 to " + MAX_SCALE + ", got " + scale);
        }
        StringBuilder out = new StringBuilder(300_000 * scale);
        out.append("# A synthetic catalog ").append(scale).append(" times ").append(base.source())
                .append(" (seed ").append(seed).append("), written by `catalog --scale`.\n")
                .append("# Copy 1 is the original; copies 2..").append(scale)
                .append(" add _<copy> to every code and vary the weights.\n")
                .append("# Each agency keeps its traffic with ").append(scale).append(" times the volume: simulate --volume.\n");
        out.append("agencies:\n");
        for (int copy = 1; copy <= scale; copy++) {
            for (Agency a : base.agencies()) {
                out.append("  - {code: ").append(code(a.code(), copy)).append(", kind: ").append(a.kind())
                        .append(", nameVi: ").append(quoted(name(a.nameVi(), copy))).append(", nameEn: ")
                        .append(quoted(name(a.nameEn(), copy))).append("}\n");
            }
        }
        out.append("systems:\n");
        for (int copy = 1; copy <= scale; copy++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + copy);
            for (SystemInfo s : base.systems()) {
                system(out, s, copy, random);
            }
        }
        return out.toString();
    }

    private static void system(StringBuilder out, SystemInfo s, int copy, SplittableRandom random) {
        out.append("  - code: ").append(code(s.code(), copy)).append('\n')
                .append("    agency: ").append(code(s.agencyCode(), copy)).append('\n')
                .append("    kind: ").append(s.kind()).append('\n')
                .append("    nameVi: ").append(quoted(name(s.nameVi(), copy))).append('\n')
                .append("    nameEn: ").append(quoted(name(s.nameEn(), copy))).append('\n');
        if (s.isConsumer()) {
            out.append("    consumerWeight: ").append(number(s.consumerWeight() * factor(copy, random))).append('\n');
        }
        if (s.isProvider()) {
            out.append("    services:\n");
            for (Service v : s.services()) {
                out.append("      - {code: ").append(code(v.code(), copy)).append(", nameEn: ")
                        .append(quoted(name(v.nameEn(), copy))).append(", weight: ")
                        .append(number(v.weight() * factor(copy, random)));
                hints(out, v.hints());
                out.append("}\n");
            }
        }
    }

    private static void hints(StringBuilder out, TrafficHints h) {
        optional(out, "latencyMedianMs", h.latencyMedianMs());
        optional(out, "latencyP99Ms", h.latencyP99Ms());
        optional(out, "timeoutMs", h.timeoutMs());
        optional(out, "errorRate", h.errorRate());
        optional(out, "requestBytes", h.requestBytes());
        optional(out, "responseBytes", h.responseBytes());
    }

    private static void optional(StringBuilder out, String field, OptionalDouble value) {
        value.ifPresent(v -> out.append(", ").append(field).append(": ").append(number(v)));
    }

    private static void optional(StringBuilder out, String field, OptionalInt value) {
        value.ifPresent(v -> out.append(", ").append(field).append(": ").append(v));
    }

    /** The original keeps its weights; a copy's are between half and twice them, log-uniformly. */
    private static double factor(int copy, SplittableRandom random) {
        return copy == 1 ? 1 : Math.pow(2, random.nextDouble(-1, 1));
    }

    static String code(String code, int copy) {
        return copy == 1 ? code : code + "_" + copy;
    }

    private static String name(String name, int copy) {
        return copy == 1 ? name : name + " (" + copy + ")";
    }

    /** Four significant digits, never in exponent form (YAML 1.1 would read 1e-4 as text). */
    private static String number(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** A JSON string is a YAML double-quoted scalar. */
    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
