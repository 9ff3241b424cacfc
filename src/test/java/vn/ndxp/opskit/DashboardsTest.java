package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.ndxp.model.Topics;
import vn.ndxp.topology.Names;

/**
 * The dashboards' form, without Grafana: every panel has a description, a unit, thresholds and
 * queries on the dashboard's datasource variable (so that it imports into any Grafana), never on
 * a fixed datasource; panels do not overlap; and the names the queries use (recording rules,
 * alerts, topics, processors, stores) are the project's. That the queries parse and find data is
 * OpsKitIT's job, against a real Prometheus.
 */
class DashboardsTest {
    /** The datasource every panel, query and variable names: the dashboard's {@code datasource} variable. */
    private static final String DATASOURCE_UID = "${datasource}";
    /** Grafana's own annotations ("Annotations & Alerts") use its built-in datasource. */
    private static final String GRAFANA_BUILT_IN = "-- Grafana --";
    private static final String PROVISIONED_UID = OpsKitFiles.yaml(OpsKitFiles.DATASOURCES)
            .path("datasources").get(0).path("uid").asText();
    private static final Pattern RECORDED = Pattern.compile("\\b([a-z_]+:[a-z0-9_:]+)\\b");
    private static final Pattern ALERT = Pattern.compile("\\b(Ndxp[A-Z][A-Za-z0-9]+)\\b");
    private static final Pattern LABEL = Pattern.compile("\\b(topic|processor_node_id|rocksdb_state_id)=\"([^\"]+)\"");

    @Test
    void theFiveDashboardsAreThere() {
        assertThat(Dashboards.all()).extracting(d -> d.json().path("title").asText()).containsExactlyInAnyOrder(
                "NDXP · Platform overview", "NDXP · Agency", "NDXP · Service health", "NDXP · Load test",
                "NDXP · Streams internals");
        Set<String> uids = new HashSet<>();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            assertThat(uids.add(d.uid())).as("uid %s is unique", d.uid()).isTrue();
            assertThat(d.uid()).startsWith("ndxp-").hasSizeLessThanOrEqualTo(40);
            assertThat(d.json().path("tags").toString()).contains("\"ndxp\"");
            assertThat(d.json().path("timezone").asText()).isEqualTo("Asia/Ho_Chi_Minh");
            assertThat(d.json().path("description").asText()).as(d.uid()).isNotBlank();
        }
    }

    @Test
    void everyPanelHasADescriptionUnitThresholdsAndQueries() {
        List<String> problems = new ArrayList<>();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            for (JsonNode p : d.panels()) {
                String where = d.uid() + " / " + p.path("title").asText();
                JsonNode defaults = p.path("fieldConfig").path("defaults");
                check(problems, !p.path("title").asText().isBlank(), where + ": no title");
                check(problems, p.path("title").asText().matches("[\\x20-\\x7E]+"), where + ": title not plain English text");
                check(problems, p.path("description").asText().length() >= 40, where + ": description missing or too short");
                check(problems, !defaults.path("unit").asText().isBlank(), where + ": no unit");
                JsonNode steps = defaults.path("thresholds").path("steps");
                check(problems, steps.isArray() && !steps.isEmpty() && steps.get(0).path("value").isNull(),
                        where + ": no thresholds (a base step with value null first)");
                check(problems, isTheVariable(p.path("datasource")), where + ": datasource");
                check(problems, !p.path("targets").isEmpty(), where + ": no query");
                Set<String> refIds = new HashSet<>();
                for (JsonNode t : p.path("targets")) {
                    check(problems, !t.path("expr").asText().isBlank(), where + ": empty expr");
                    check(problems, refIds.add(t.path("refId").asText()), where + ": duplicate refId");
                    check(problems, isTheVariable(t.path("datasource")), where + ": target datasource");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        for (Dashboards.Dashboard d : Dashboards.all()) {
            Set<Integer> ids = new HashSet<>();
            Set<String> cells = new HashSet<>();
            for (JsonNode p : d.json().path("panels")) {
                assertThat(ids.add(p.path("id").asInt())).as("%s: panel id %s is unique", d.uid(), p.path("id")).isTrue();
                JsonNode g = p.path("gridPos");
                int x = g.path("x").asInt(), y = g.path("y").asInt(), w = g.path("w").asInt(), h = g.path("h").asInt();
                assertThat(w).as("%s / %s width", d.uid(), p.path("title")).isPositive();
                assertThat(x + w).as("%s / %s fits in 24 columns", d.uid(), p.path("title")).isLessThanOrEqualTo(24);
                for (int i = x; i < x + w; i++) {
                    for (int j = y; j < y + h; j++) {
                        assertThat(cells.add(i + "," + j)).as("%s / %s overlaps another panel", d.uid(), p.path("title")).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void theFirstVariableChoosesAPrometheusDatasourceAndTheOthersQueryIt() {
        for (Dashboards.Dashboard d : Dashboards.all()) {
            List<JsonNode> variables = d.variables();
            assertThat(variables).as(d.uid()).isNotEmpty();
            JsonNode datasource = variables.get(0);
            assertThat(datasource.path("name").asText()).as(d.uid()).isEqualTo("datasource");
            assertThat(datasource.path("type").asText()).as(d.uid()).isEqualTo("datasource");
            assertThat(datasource.path("query").asText()).as(d.uid()).isEqualTo("prometheus");
            assertThat(datasource.path("current").path("value").asText()).as("%s: no datasource chosen in advance", d.uid())
                    .isEmpty();
            for (JsonNode v : variables.subList(1, variables.size())) {
                assertThat(isTheVariable(v.path("datasource"))).as(d.uid() + " $" + v.path("name").asText()).isTrue();
                assertThat(Dashboards.variableQuery(v)).startsWith("label_values(");
            }
        }
    }

    /**
     * Importable anywhere: no datasource is named by uid (the provisioned one or any other) but
     * through the variable, wherever it appears in the JSON; only Grafana's built-in annotations
     * name their own.
     */
    @Test
    void noDashboardNamesAFixedDatasource() {
        List<String> fixed = new ArrayList<>();
        for (Dashboards.Dashboard d : Dashboards.all()) {
            d.json().findParents("datasource").forEach(parent -> {
                JsonNode ds = parent.get("datasource");
                String uid = ds.isObject() ? ds.path("uid").asText() : ds.asText();
                if (!uid.equals(DATASOURCE_UID) && !uid.equals(GRAFANA_BUILT_IN)) {
                    fixed.add(d.uid() + ": " + ds);
                }
            });
            assertThat(OpsKitFiles.read(d.file())).as(d.uid()).doesNotContain(PROVISIONED_UID);
        }
        assertThat(fixed).isEmpty();
    }

    private static boolean isTheVariable(JsonNode datasource) {
        return datasource.path("type").asText().equals("prometheus") && datasource.path("uid").asText().equals(DATASOURCE_UID);
    }

    @Test
    void namesInQueriesAndDescriptionsAreTheProjects() {
        Set<String> recorded = new HashSet<>();
        for (var file : OpsKitFiles.list(OpsKitFiles.RULES, ".yml")) {
            for (JsonNode group : OpsKitFiles.yaml(file).path("groups")) {
                group.path("rules").forEach(r -> {
                    if (r.has("record")) {
                        recorded.add(r.get("record").asText());
                    }
                });
            }
        }
        Set<String> alerts = AlertRulesTest.alerts().keySet();
        Set<String> known = new HashSet<>(constants(Names.class));
        known.addAll(constants(Topics.class));
        for (Dashboards.Dashboard d : Dashboards.all()) {
            for (Dashboards.Target t : Dashboards.targets(d)) {
                Matcher m = RECORDED.matcher(t.expr().replaceAll("\\[[^]]*]", ""));
                while (m.find()) {
                    assertThat(recorded).as("%s uses recorded series %s", t, m.group(1)).contains(m.group(1));
                }
                Matcher l = LABEL.matcher(t.expr());
                while (l.find()) {
                    assertThat(known).as("%s: %s=%s is a name of the topology (Names, Topics)", t, l.group(1), l.group(2))
                            .contains(l.group(2));
                }
            }
            for (JsonNode p : d.panels()) {
                Matcher m = ALERT.matcher(p.path("description").asText());
                while (m.find()) {
                    assertThat(alerts).as("%s / %s names alert %s", d.uid(), p.path("title").asText(), m.group(1))
                            .contains(m.group(1));
                }
            }
        }
    }

    private static Set<String> constants(Class<?> type) {
        Set<String> values = new HashSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    values.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
