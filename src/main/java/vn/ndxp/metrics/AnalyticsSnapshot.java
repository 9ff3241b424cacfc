package vn.ndxp.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.topology.analytics.Counts;

/**
 * What the analytics stores held at one moment, reduced to what Prometheus shows: per provider
 * system its agency, all-time requests by status and their latency histogram; the alerts raised
 * by type and the active ones.
 */
public final class AnalyticsSnapshot {
    static final AnalyticsSnapshot EMPTY = new AnalyticsSnapshot();

    private final Map<String, Counts.Totals> systems = new HashMap<>();
    private final Map<AlertType, Long> raised = new HashMap<>();
    private final Set<String> active = new TreeSet<>();

    void addSystem(String system, Counts.Totals totals) {
        systems.put(system, totals);
    }

    void addRaised(AlertType type, long count) {
        raised.merge(type, count, Long::sum);
    }

    void addActive(AlertType type, String subject) {
        active.add(activeKey(type, subject));
    }

    static String activeKey(AlertType type, String subject) {
        return type + "/" + subject;
    }

    Iterable<String> systems() {
        return new ArrayList<>(systems.keySet());
    }

    String agency(String system) {
        return totals(system).agency();
    }

    long requests(String system, ExchangeStatus status) {
        return totals(system).byStatus()[status.ordinal()];
    }

    /** The system's totals; empty ones for a system not held here. */
    Counts.Totals totals(String system) {
        return systems.getOrDefault(system, Counts.Totals.decode(null));
    }

    long raised(AlertType type) {
        return raised.getOrDefault(type, 0L);
    }

    List<String> active() {
        return new ArrayList<>(active);
    }

    boolean isActive(String key) {
        return active.contains(key);
    }
}
