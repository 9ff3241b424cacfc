package vn.ndxp.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vn.ndxp.model.avro.AlertType;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * What the analytics stores held at one moment, reduced to what Prometheus shows: per provider
 * system its agency, all-time requests by status and latency quantiles over the last minutes; the
 * alerts raised by type and the active ones.
 */
public final class AnalyticsSnapshot {
    static final AnalyticsSnapshot EMPTY = new AnalyticsSnapshot();
    /** The quantiles exposed on {@code ndxp_service_latency_seconds}. */
    static final double[] QUANTILES = {0.5, 0.95, 0.99};

    /** One provider system: agency, requests by status ordinal, latency in seconds per {@link #QUANTILES}. */
    record SystemRow(String agency, long[] byStatus, double[] latencySeconds) {}

    private final Map<String, SystemRow> systems = new HashMap<>();
    private final Map<AlertType, Long> raised = new HashMap<>();
    private final Set<String> active = new TreeSet<>();

    void addSystem(String system, String agency, long[] byStatus, double[] latencySeconds) {
        systems.put(system, new SystemRow(agency, byStatus, latencySeconds));
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
        SystemRow row = systems.get(system);
        return row == null ? "" : row.agency();
    }

    long requests(String system, ExchangeStatus status) {
        SystemRow row = systems.get(system);
        return row == null ? 0 : row.byStatus()[status.ordinal()];
    }

    double latencySeconds(String system, int quantileIndex) {
        SystemRow row = systems.get(system);
        return row == null ? Double.NaN : row.latencySeconds()[quantileIndex];
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
