package vn.ndxp.testing;

import static vn.ndxp.testing.PrometheusText.key;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/** What the ground-truth file of {@code simulate --truth} says /metrics must show. */
public final class TruthFile {
    private TruthFile() {}

    /**
     * The counters per agency, role and status, today's counts per agency and role for
     * {@code today} (the newest local day), and the late events; a mutable map, for the caller's
     * rejection series.
     */
    public static Map<String, Double> expectedCounts(JsonNode truth, String today) {
        Map<String, Double> expected = new HashMap<>();
        for (JsonNode row : truth.get("counts")) {
            expected.merge(key("ndxp_transactions_total", "agency", row.get("agency").asText(), "role",
                    row.get("role").asText(), "status", row.get("status").asText()), row.get("count").asDouble(), Double::sum);
            if (row.get("date").asText().equals(today)) {
                expected.merge(key("ndxp_agency_transactions_today", "agency", row.get("agency").asText(), "role",
                        row.get("role").asText()), row.get("count").asDouble(), Double::sum);
            }
        }
        expected.put("ndxp_events_late_total", truth.get("late").asDouble());
        return expected;
    }
}
