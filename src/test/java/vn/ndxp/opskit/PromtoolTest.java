package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own checks of the ops kit, with the real {@code promtool}: both configurations and
 * their rule files are valid, and the rules' unit tests (every alert firing and not firing) pass.
 * Skipped with a message where promtool is not installed, failed on CI (see {@link Tools}).
 */
class PromtoolTest {
    static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = Tools.require("promtool");
    }

    @Test
    void composeConfigurationAndItsRulesAreValid() {
        assertPasses(OpsKitFiles.PROMETHEUS, "check", "config", OpsKitFiles.PROMETHEUS_CONFIG.getFileName().toString());
    }

    @Test
    void localConfigurationAndItsRulesAreValid() {
        assertPasses(OpsKitFiles.PROMETHEUS, "check", "config", OpsKitFiles.PROMETHEUS_LOCAL_CONFIG.getFileName().toString());
    }

    @Test
    void everyRuleFileIsValid() {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        OpsKitFiles.list(OpsKitFiles.RULES, ".yml").forEach(f -> args.add(f.toString()));
        assertThat(args).hasSizeGreaterThan(2);
        assertPasses(OpsKitFiles.PROMETHEUS, args.toArray(String[]::new));
    }

    @Test
    void rulesUnitTestsPass() {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        OpsKitFiles.RULE_TESTS.forEach(f -> args.add(f.getFileName().toString()));
        assertPasses(OpsKitFiles.PROMETHEUS, args.toArray(String[]::new));
    }

    private static void assertPasses(Path workDir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Tools.Result result = Tools.run(workDir, 300, command);
        assertThat(result.exitCode()).as("promtool %s:%n%s", String.join(" ", args), result.output()).isZero();
    }
}
