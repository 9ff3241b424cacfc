package vn.ndxp.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.simulator.scenario.ScenarioParser;

/** {@code --scenario SPEC}, repeatable: ops drills layered on the simulated traffic. */
final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "SPEC",
            description = "An ops drill (repeatable, combinable), e.g. outage:system=BCA_CSDLQGDC,from=09:00,to=10:00."
                    + " See `simulate --help` and docs/simulator.md.")
    List<String> specs = new ArrayList<>();

    List<Scenario> parse() {
        List<Scenario> parsed = new ArrayList<>();
        try {
            specs.forEach(s -> parsed.add(ScenarioParser.parse(s)));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        return parsed;
    }
}
