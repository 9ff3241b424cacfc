package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What promtool does not check: every alert says what it means and where its runbook is (a
 * {@code runbook_url} from the one configured base), the runbook has that section, and the rules'
 * unit tests make every alert both fire and stay quiet, with its runbook_url rendered.
 */
class AlertRulesTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^## (\\S+)\\s*$");
    /** The external label of prometheus.yml that every runbook_url begins with. */
    private static final String RUNBOOK_BASE = "{{ $externalLabels.runbook_base }}";

    /** Alert name to its rule, over every rule file. */
    static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (var file : OpsKitFiles.list(OpsKitFiles.RULES, ".yml")) {
            for (JsonNode group : OpsKitFiles.yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        assertThat(alerts.put(rule.get("alert").asText(), rule)).as("alert names are unique").isNull();
                    }
                }
            }
        }
        return alerts;
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndRunbook() {
        Map<String, JsonNode> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        Set<String> sections = new HashSet<>();
        Matcher m = HEADING.matcher(OpsKitFiles.read(OpsKitFiles.RUNBOOK));
        while (m.find()) {
            sections.add(m.group(1));
        }
        alerts.forEach((name, rule) -> {
            assertThat(name).as("alert name").startsWith("Ndxp");
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
            JsonNode annotations = rule.path("annotations");
            assertThat(annotations.path("summary").asText()).as(name + " summary").isNotBlank();
            assertThat(annotations.path("description").asText()).as(name + " description").isNotBlank();
            assertThat(annotations.path("runbook_url").asText()).as(name + " runbook_url")
                    .isEqualTo(RUNBOOK_BASE + "#" + name.toLowerCase(Locale.ROOT));
            assertThat(annotations.has("runbook")).as(name + ": runbook_url only").isFalse();
            assertThat(sections).as("RUNBOOK.md has a section '## %s'", name).contains(name);
        });
        assertThat(alerts.keySet()).as("every runbook section is an alert").containsAll(sections);
    }

    @Test
    void bothConfigurationsSetTheRunbookBase() {
        for (var config : List.of(OpsKitFiles.PROMETHEUS_CONFIG, OpsKitFiles.PROMETHEUS_LOCAL_CONFIG)) {
            assertThat(OpsKitFiles.yaml(config).path("global").path("external_labels").path("runbook_base").asText())
                    .as("%s: global.external_labels.runbook_base", config.getFileName()).startsWith("https://")
                    .endsWith("/RUNBOOK.md");
        }
    }

    /** promtool compares all annotations: an expected runbook_url is what the rule renders. */
    @Test
    void unitTestsExpectEveryFiringAlertsRunbookUrlFromTheirBase() {
        int checked = 0;
        for (var file : OpsKitFiles.RULE_TESTS) {
            for (JsonNode test : OpsKitFiles.yaml(file).path("tests")) {
                String base = test.path("external_labels").path("runbook_base").asText();
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    for (JsonNode alert : check.path("exp_alerts")) {
                        assertThat(base).as("%s, test '%s': external_labels.runbook_base", file.getFileName(),
                                test.path("name").asText()).startsWith("https://");
                        assertThat(alert.path("exp_annotations").path("runbook_url").asText())
                                .as("%s, test '%s'", file.getFileName(), test.path("name").asText())
                                .isEqualTo(base + "#" + name.toLowerCase(Locale.ROOT));
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(alerts().size());
    }

    @Test
    void unitTestsMakeEveryAlertFireAndStayQuiet() {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (var file : OpsKitFiles.RULE_TESTS) {
            for (JsonNode test : OpsKitFiles.yaml(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    (check.path("exp_alerts").isEmpty() ? quiet : fires).add(name);
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String alert : alerts().keySet()) {
            if (!fires.contains(alert)) {
                missing.add(alert + " never fires");
            }
            if (!quiet.contains(alert)) {
                missing.add(alert + " is never tested quiet");
            }
        }
        assertThat(missing).as("rules_test*.yml").isEmpty();
    }
}
