package vn.ndxp.opskit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    void rulesUnitTestsPass() throws Exception {
        assertThat(OpsKitFiles.RULE_TESTS).hasSizeGreaterThan(1);
        // One promtool a file, all at once: each evaluates on one core, and one after another
        // they left the other core idle for the largest file's half of the time.
        ExecutorService pool = Executors.newFixedThreadPool(OpsKitFiles.RULE_TESTS.size());
        try {
            Map<String, Future<Tools.Result>> runs = new LinkedHashMap<>();
            for (Path f : OpsKitFiles.RULE_TESTS) {
                String[] args = {"test", "rules", f.getFileName().toString()};
                runs.put(String.join(" ", args), pool.submit(() -> promtool(OpsKitFiles.PROMETHEUS, args)));
            }
            for (Map.Entry<String, Future<Tools.Result>> run : runs.entrySet()) {
                assertPassed(run.getKey(), run.getValue().get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertPasses(Path workDir, String... args) {
        assertPassed(String.join(" ", args), promtool(workDir, args));
    }

    private static Tools.Result promtool(Path workDir, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = promtool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Tools.run(workDir, 300, command);
    }

    private static void assertPassed(String args, Tools.Result result) {
        assertThat(result.exitCode()).as("promtool %s:%n%s", args, result.output()).isZero();
    }
}
