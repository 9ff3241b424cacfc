package vn.ndxp.opskit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboards of docker/grafana/dashboards, as the tests walk them. */
final class Dashboards {
    /** One dashboard file. */
    record Dashboard(Path file, JsonNode json) {
        String uid() {
            return json.path("uid").asText();
        }

        /** Every panel but rows, including those inside collapsed rows. */
        List<JsonNode> panels() {
            List<JsonNode> panels = new ArrayList<>();
            for (JsonNode panel : json.path("panels")) {
                if (panel.path("type").asText().equals("row")) {
                    panel.path("panels").forEach(panels::add);
                } else {
                    panels.add(panel);
                }
            }
            return panels;
        }

        List<JsonNode> variables() {
            List<JsonNode> variables = new ArrayList<>();
            json.path("templating").path("list").forEach(variables::add);
            return variables;
        }
    }

    /** One query of one panel. */
    record Target(String dashboard, String panel, String refId, String expr, boolean instant) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId;
        }
    }

    private Dashboards() {}

    static List<Dashboard> all() {
        return OpsKitFiles.list(OpsKitFiles.DASHBOARDS, ".json").stream()
                .map(f -> new Dashboard(f, OpsKitFiles.json(f))).toList();
    }

    static List<Target> targets(Dashboard dashboard) {
        List<Target> targets = new ArrayList<>();
        for (JsonNode panel : dashboard.panels()) {
            for (JsonNode target : panel.path("targets")) {
                targets.add(new Target(dashboard.uid(), panel.path("title").asText(), target.path("refId").asText(),
                        target.path("expr").asText(), target.path("instant").asBoolean(false)));
            }
        }
        return targets;
    }

    /** The query of a variable: {@code label_values(selector, label)}. */
    static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }
}
