package vn.ndxp.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import vn.ndxp.catalog.YamlTree.Entry;
import vn.ndxp.catalog.YamlTree.ListNode;
import vn.ndxp.catalog.YamlTree.MapNode;
import vn.ndxp.catalog.YamlTree.Node;
import vn.ndxp.catalog.YamlTree.ScalarNode;
import vn.ndxp.catalog.YamlTree.ScalarType;

/**
 * The checks of {@link CatalogLoader}: walks the tree, collects every problem, builds the catalog
 * when there are none. Over 300 lines as one class because every check adds to the same list of
 * problems with the same message helpers (entry names, lines, number formats); split by entry kind,
 * the parts would pass all of that around.
 */
final class CatalogValidator {
    private static final List<String> TOP_FIELDS = List.of("agencies", "systems");
    private static final List<String> AGENCY_FIELDS = List.of("code", "kind", "nameVi", "nameEn");
    private static final List<String> SYSTEM_FIELDS =
            List.of("code", "agency", "kind", "nameVi", "nameEn", "consumerWeight", "services");
    private static final List<String> SERVICE_FIELDS = List.of("code", "nameEn", "weight", "latencyMedianMs",
            "latencyP99Ms", "timeoutMs", "errorRate", "requestBytes", "responseBytes");

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private int moreProblems;
    /** Code -> where first defined, for the duplicate checks and to tell a faulty agency from an unknown one. */
    private final Map<String, String> agencySeen = new HashMap<>();
    private final Map<String, String> systemSeen = new HashMap<>();
    private final Map<String, String> serviceSeen = new HashMap<>();
    /** The valid agencies' codes -> index. */
    private final Map<String, Integer> agencyIndex = new HashMap<>();

    CatalogValidator(String source) {
        this.source = source;
    }

    Catalog validate(Node root) {
        MapNode top = topMapping(root);
        checkFields(top, "", TOP_FIELDS);
        List<Node> agencyNodes = requiredList(top, "", "agencies");
        List<Node> systemNodes = requiredList(top, "", "systems");
        List<Agency> agencies = new ArrayList<>();
        for (int i = 0; i < agencyNodes.size(); i++) {
            agency(agencyNodes.get(i), i, agencies);
        }
        requireOne(top, "agencies", agencyNodes, "agency");
        List<SystemDraft> drafts = new ArrayList<>();
        for (int i = 0; i < systemNodes.size(); i++) {
            system(systemNodes.get(i), i, drafts);
        }
        requireOne(top, "systems", systemNodes, "system");
        if (problems.isEmpty()) {
            requireProviderAndConsumer(top, drafts);
        }
        if (!problems.isEmpty()) {
            List<String> all = new ArrayList<>(problems);
            if (moreProblems > 0) {
                all.add(source + ": ... and " + moreProblems + " more problem(s)");
            }
            throw new CatalogException(all);
        }
        return build(agencies, drafts);
    }

    private MapNode topMapping(Node root) {
        if (root == null) {
            throw new CatalogException(source + ": the file is empty; expected a mapping with \"agencies\" and \"systems\"");
        }
        if (!(root instanceof MapNode top)) {
            throw new CatalogException(source + ": the document must be a mapping with \"agencies\" and \"systems\", not "
                    + root.describe() + " (line " + root.line() + ")");
        }
        return top;
    }

    /** Adds the i-th agency to {@code agencies} if it has no problem. */
    private void agency(Node n, int i, List<Agency> agencies) {
        String where = entryName("agencies", i, n);
        if (!(n instanceof MapNode m)) {
            problem(where + ": must be a mapping with " + String.join(", ", AGENCY_FIELDS) + ", not " + n.describe(), n.line());
            return;
        }
        int before = problems.size() + moreProblems;
        checkFields(m, where, AGENCY_FIELDS);
        String code = code(m, where, CatalogLoader.AGENCY_CODE, "agency");
        AgencyKind kind = kind(m, where, AgencyKind.class, "agency");
        String nameVi = text(m, where, "nameVi");
        String nameEn = text(m, where, "nameEn");
        unique(agencySeen, code, m, where, "agency");
        if (problems.size() + moreProblems == before) {
            agencyIndex.put(code, agencies.size());
            agencies.add(new Agency(agencies.size(), code, kind, nameVi, nameEn));
        }
    }

    /** Adds the i-th system, with its services, to {@code drafts}. */
    private void system(Node n, int i, List<SystemDraft> drafts) {
        String where = entryName("systems", i, n);
        if (!(n instanceof MapNode m)) {
            problem(where + ": must be a mapping with code, agency, kind, nameVi, nameEn, and consumerWeight and/or services, not "
                    + n.describe(), n.line());
            return;
        }
        checkFields(m, where, SYSTEM_FIELDS);
        String code = code(m, where, CatalogLoader.SYSTEM_CODE, "system");
        unique(systemSeen, code, m, where, "system");
        String agency = requiredScalarText(m, where, "agency");
        Integer agencyIdx = null;
        if (agency != null) {
            agencyIdx = agencyIndex.get(agency);
            // An agency listed with problems of its own is not "unknown": its problems are reported.
            if (agencyIdx == null && !agencySeen.containsKey(agency)) {
                problem(where + ": field \"agency\": unknown agency code \"" + agency + "\"", m.entries().get("agency").line());
            }
        }
        SystemKind kind = kind(m, where, SystemKind.class, "system");
        String nameVi = text(m, where, "nameVi");
        String nameEn = text(m, where, "nameEn");
        Double consumerWeight = positiveNumber(m, where, "consumerWeight", CatalogLoader.MAX_WEIGHT);
        List<ServiceDraft> services = services(m, where);
        boolean hasServices = services != null && !services.isEmpty();
        boolean hasConsumerWeight = m.entries().containsKey("consumerWeight");
        if (!hasServices && !hasConsumerWeight && services != null) {
            if (m.entries().containsKey("services")) {
                problem(where + ": field \"services\": empty, and no \"consumerWeight\": the system would neither provide nor consume",
                        m.entries().get("services").line());
            } else {
                problem(where + ": neither a provider nor a consumer: give it \"services\", a \"consumerWeight\", or both", m.line());
            }
        }
        drafts.add(new SystemDraft(code, agency, agencyIdx == null ? -1 : agencyIdx, kind, nameVi, nameEn,
                consumerWeight == null ? 0 : consumerWeight, services == null ? List.of() : services));
    }

    /** A problem if {@code code} was defined before; remembers where it was defined first. */
    private void unique(Map<String, String> seen, String code, MapNode m, String where, String what) {
        if (code == null) {
            return;
        }
        int line = m.entries().get("code").line();
        String first = seen.putIfAbsent(code, where + ", line " + line);
        if (first != null) {
            problem(where + ": field \"code\": duplicate " + what + " code \"" + code + "\" (first at " + first + ")", line);
        }
    }

    private void requireOne(MapNode top, String field, List<Node> nodes, String what) {
        if (nodes.isEmpty() && top.entries().containsKey(field)) {
            problem("field \"" + field + "\": the catalog needs at least one " + what, top.entries().get(field).line());
        }
    }

    private void requireProviderAndConsumer(MapNode top, List<SystemDraft> drafts) {
        boolean anyProvider = drafts.stream().anyMatch(d -> !d.services.isEmpty());
        boolean anyConsumer = drafts.stream().anyMatch(d -> d.consumerWeight > 0);
        if (!anyProvider || !anyConsumer) {
            problem("the catalog needs at least one provider system (with \"services\") and one consumer system (with a \"consumerWeight\")",
                    top.entries().get("systems").line());
        }
    }

    private Catalog build(List<Agency> agencies, List<SystemDraft> drafts) {
        List<SystemInfo> systems = new ArrayList<>(drafts.size());
        int serviceIndex = 0;
        for (int i = 0; i < drafts.size(); i++) {
            SystemDraft d = drafts.get(i);
            List<Service> services = new ArrayList<>(d.services.size());
            for (ServiceDraft s : d.services) {
                services.add(new Service(serviceIndex++, s.code, s.nameEn, d.code, i, d.agency, d.agencyIndex,
                        s.weight, s.hints));
            }
            systems.add(new SystemInfo(i, d.code, d.agency, d.agencyIndex, d.kind, d.nameVi, d.nameEn,
                    d.consumerWeight, services));
        }
        return new Catalog(source, agencies, systems);
    }

    private List<ServiceDraft> services(MapNode system, String systemWhere) {
        Entry e = system.entries().get("services");
        if (e == null) {
            return List.of();
        }
        if (!(e.value() instanceof ListNode list)) {
            if (e.value() instanceof ScalarNode s && s.type() == ScalarType.NULL) {
                return List.of();   // "services:" with nothing: treated as no services
            }
            problem(systemWhere + ": field \"services\": must be a list, not " + e.value().describe(), e.line());
            return null;
        }
        List<ServiceDraft> out = new ArrayList<>();
        for (int j = 0; j < list.items().size(); j++) {
            Node n = list.items().get(j);
            String where = systemWhere + ": " + entryName("services", j, n);
            if (!(n instanceof MapNode m)) {
                problem(where + ": must be a mapping with code, nameEn and optional hints, not " + n.describe(), n.line());
                continue;
            }
            checkFields(m, where, SERVICE_FIELDS);
            String code = code(m, where, CatalogLoader.SERVICE_CODE, "service");
            unique(serviceSeen, code, m, where, "service");
            String nameEn = text(m, where, "nameEn");
            Double weight = positiveNumber(m, where, "weight", CatalogLoader.MAX_WEIGHT);
            Double median = positiveNumber(m, where, "latencyMedianMs", CatalogLoader.MAX_LATENCY_MS);
            Double p99 = positiveNumber(m, where, "latencyP99Ms", CatalogLoader.MAX_LATENCY_MS);
            Long timeout = positiveWholeNumber(m, where, "timeoutMs", CatalogLoader.MAX_TIMEOUT_MS);
            Double errorRate = errorRate(m, where);
            Long requestBytes = positiveWholeNumber(m, where, "requestBytes", CatalogLoader.MAX_BYTES);
            Long responseBytes = positiveWholeNumber(m, where, "responseBytes", CatalogLoader.MAX_BYTES);
            if (median != null && p99 != null && p99 < median) {
                problem(where + ": field \"latencyP99Ms\": " + fmt(p99) + " is below latencyMedianMs " + fmt(median)
                        + "; the 99th percentile cannot be below the median", m.entries().get("latencyP99Ms").line());
            }
            if (median != null && timeout != null && timeout <= median) {
                problem(where + ": field \"timeoutMs\": " + timeout + " is not above latencyMedianMs " + fmt(median)
                        + "; most calls would time out", m.entries().get("timeoutMs").line());
            }
            TrafficHints hints = new TrafficHints(optional(median), optional(p99), optionalInt(timeout),
                    optional(errorRate), optionalInt(requestBytes), optionalInt(responseBytes));
            out.add(new ServiceDraft(code, nameEn, weight == null ? 1.0 : weight, hints));
        }
        return out;
    }

    // ---- fields ----

    private void checkFields(MapNode m, String where, List<String> allowed) {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                problem(prefix(where) + "field \"" + e.key() + "\": unknown field (allowed: "
                        + String.join(", ", allowed) + ")", e.line());
            }
        }
        for (Entry d : m.duplicates()) {
            problem(prefix(where) + "field \"" + d.key() + "\": given twice (lines " + m.entries().get(d.key()).line()
                    + " and " + d.line() + ")", d.line());
        }
    }

    private List<Node> requiredList(MapNode top, String where, String field) {
        Entry e = top.entries().get(field);
        if (e == null) {
            problem(prefix(where) + "field \"" + field + "\": required", top.line());
            return List.of();
        }
        if (e.value() instanceof ListNode list) {
            return list.items();
        }
        problem(prefix(where) + "field \"" + field + "\": must be a list, not " + e.value().describe(), e.line());
        return List.of();
    }

    /** A required scalar's text, stripped; null (and a problem) when missing, empty or not a scalar. */
    private String requiredScalarText(MapNode m, String where, String field) {
        Entry e = m.entries().get(field);
        if (e == null) {
            problem(where + ": field \"" + field + "\": required", m.line());
            return null;
        }
        if (!(e.value() instanceof ScalarNode s)) {
            problem(where + ": field \"" + field + "\": must be a text value, not " + e.value().describe(), e.line());
            return null;
        }
        String text = s.text() == null ? "" : s.text().strip();
        if (s.type() == ScalarType.NULL || text.isEmpty()) {
            problem(where + ": field \"" + field + "\": required, must not be blank", e.line());
            return null;
        }
        return text;
    }

    private String text(MapNode m, String where, String field) {
        return requiredScalarText(m, where, field);
    }

    private String code(MapNode m, String where, Pattern pattern, String what) {
        String code = requiredScalarText(m, where, "code");
        if (code == null) {
            return null;
        }
        if (!pattern.matcher(code).matches()) {
            problem(where + ": field \"code\": " + what + " code \"" + code + "\" does not match " + pattern.pattern()
                    + " (upper-case ASCII letters, digits and _, starting with a letter)", m.entries().get("code").line());
            return null;
        }
        return code;
    }

    private <E extends Enum<E>> E kind(MapNode m, String where, Class<E> type, String what) {
        String text = requiredScalarText(m, where, "kind");
        if (text == null) {
            return null;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(text)) {
                return value;
            }
        }
        problem(where + ": field \"kind\": unknown " + what + " kind \"" + text + "\" (one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + ")",
                m.entries().get("kind").line());
        return null;
    }

    /** An optional number; null if absent or wrong (with a problem when wrong). */
    private Double number(MapNode m, String where, String field) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return null;
        }
        if (e.value() instanceof ScalarNode s && (s.type() == ScalarType.INTEGER || s.type() == ScalarType.FLOAT)) {
            double v = s.number().doubleValue();
            if (!Double.isFinite(v)) {
                problem(where + ": field \"" + field + "\": must be a finite number, got " + s.text(), e.line());
                return null;
            }
            return v;
        }
        problem(where + ": field \"" + field + "\": must be a number, got " + e.value().describe(), e.line());
        return null;
    }

    private Double positiveNumber(MapNode m, String where, String field, double max) {
        Double v = number(m, where, field);
        if (v == null) {
            return null;
        }
        if (v <= 0 || v > max) {
            Entry e = m.entries().get(field);
            problem(where + ": field \"" + field + "\": must be a number > 0 and <= " + fmt(max) + ", got "
                    + ((ScalarNode) e.value()).text(), e.line());
            return null;
        }
        return v;
    }

    private Long positiveWholeNumber(MapNode m, String where, String field, long max) {
        Entry e = m.entries().get(field);
        if (e == null) {
            return null;
        }
        Double v = number(m, where, field);
        if (v == null) {
            return null;
        }
        ScalarNode s = (ScalarNode) e.value();
        if (s.type() != ScalarType.INTEGER && v != Math.rint(v)) {
            problem(where + ": field \"" + field + "\": must be a whole number, got " + s.text(), e.line());
            return null;
        }
        if (v <= 0 || v > max) {
            problem(where + ": field \"" + field + "\": must be a whole number > 0 and <= " + max + ", got " + s.text(), e.line());
            return null;
        }
        return (long) (double) v;
    }

    private Double errorRate(MapNode m, String where) {
        Double v = number(m, where, "errorRate");
        if (v == null) {
            return null;
        }
        if (v < 0 || v >= 1) {
            problem(where + ": field \"errorRate\": must be a share, 0 <= errorRate < 1, got "
                    + ((ScalarNode) m.entries().get("errorRate").value()).text(), m.entries().get("errorRate").line());
            return null;
        }
        return v;
    }

    // ---- messages ----

    private void problem(String what, int line) {
        if (problems.size() >= CatalogLoader.MAX_PROBLEMS) {
            moreProblems++;
            return;
        }
        problems.add(source + ": " + what + (line > 0 ? " (line " + line + ")" : ""));
    }

    private static String prefix(String where) {
        return where.isEmpty() ? "" : where + ": ";
    }

    /** {@code systems[12] (code "BTC_THUE")}, or {@code systems[12]} when the code is unusable. */
    private static String entryName(String list, int i, Node n) {
        String name = list + "[" + i + "]";
        if (n instanceof MapNode m) {
            Entry code = m.entries().get("code");
            if (code != null && code.value() instanceof ScalarNode s && s.type() != ScalarType.NULL
                    && !s.text().isBlank()) {
                name += " (code \"" + s.text().strip() + "\")";
            }
        }
        return name;
    }

    private static String fmt(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static OptionalDouble optional(Double v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static OptionalInt optionalInt(Long v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(Math.toIntExact(v));
    }

    private record SystemDraft(String code, String agency, int agencyIndex, SystemKind kind, String nameVi,
                               String nameEn, double consumerWeight, List<ServiceDraft> services) {}

    private record ServiceDraft(String code, String nameEn, double weight, TrafficHints hints) {}
}
