package vn.ndxp;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ndxp.time.BackEdgeFixture;

/**
 * The package layering of docs/architecture.md, checked on the compiled main classes (tests may
 * cross layers to set things up). Each layer may use only the layers listed for it; dependencies
 * on anything outside ndxp (the JDK, Kafka, Micrometer) are not judged here. The last two tests show
 * both rules failing on a deliberately added back-edge, {@link BackEdgeFixture}.
 *
 * <p>No exceptions are named: every edge of the code fits the table. The one link that the rules
 * cannot see is the bench's child JVM, which it starts by the CLI's class name as a string.
 */
class ArchitectureTest {

    /** Bottom to top; a class outside every layer (a new package) fails the rule until it is placed. */
    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            // Leaves: shared notions that know nothing of the rest.
            .layer("model").definedBy("vn.ndxp.model..")
            .layer("time").definedBy("vn.ndxp.time..")
            .layer("catalog").definedBy("vn.ndxp.catalog..")
            .layer("pacing").definedBy("vn.ndxp.pacing..")
            .layer("http").definedBy("vn.ndxp.http..")
            // The parts: each on leaves only.
            .layer("exporter").definedBy("vn.ndxp.metrics.export..")
            .layer("topology").definedBy("vn.ndxp.topology..")
            .layer("simulator").definedBy("vn.ndxp.simulator..")
            .layer("loadtest").definedBy("vn.ndxp.loadtest..")
            // The app's meters read the topology's stores and keys; the generic exporter does not.
            .layer("metrics").definedBy("vn.ndxp.metrics")
            // The query API and the browser console serve what the topology and the meters hold.
            .layer("api").definedBy("vn.ndxp.api..", "vn.ndxp.console..")
            // On top: what wires the parts together and runs them.
            .layer("runtime").definedBy("vn.ndxp.runtime..")
            .layer("bench").definedBy("vn.ndxp.bench..")
            .layer("cli").definedBy("vn.ndxp.cli..")

            .whereLayer("model").mayNotAccessAnyLayer()
            .whereLayer("time").mayNotAccessAnyLayer()
            .whereLayer("catalog").mayNotAccessAnyLayer()
            .whereLayer("pacing").mayNotAccessAnyLayer()
            .whereLayer("http").mayNotAccessAnyLayer()
            .whereLayer("exporter").mayOnlyAccessLayers("http")
            .whereLayer("topology").mayOnlyAccessLayers("model", "time")
            .whereLayer("simulator").mayOnlyAccessLayers("model", "time", "catalog", "pacing")
            .whereLayer("loadtest").mayOnlyAccessLayers("model", "time", "catalog", "pacing", "exporter")
            .whereLayer("metrics").mayOnlyAccessLayers("model", "time", "catalog", "exporter", "topology")
            .whereLayer("api").mayOnlyAccessLayers("model", "time", "catalog", "http", "exporter", "topology",
                    "metrics")
            .whereLayer("runtime").mayOnlyAccessLayers("model", "time", "catalog", "http", "exporter", "topology",
                    "metrics", "api")
            .whereLayer("bench").mayOnlyAccessLayers("model", "time", "catalog", "pacing", "http", "exporter",
                    "topology", "simulator", "loadtest", "metrics", "api", "runtime")
            .whereLayer("cli").mayOnlyAccessLayers("model", "time", "catalog", "pacing", "http", "exporter",
                    "topology", "simulator", "loadtest", "metrics", "api", "runtime", "bench");

    /** No cycle between the top-level packages, whatever the layers allow. */
    static final ArchRule NO_CYCLES = slices().matching("vn.ndxp.(*)..").should().beFreeOfCycles();

    /** The main classes and the fixture; {@link #main()} leaves the fixture out. */
    private static JavaClasses withBackEdge;

    @BeforeAll
    static void importMainClassesAndTheFixture() {
        String fixture = "/" + BackEdgeFixture.class.getName().replace('.', '/') + ".class";
        ImportOption mainOrFixture = location ->
                ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location) || location.contains(fixture);
        withBackEdge = new ClassFileImporter().withImportOption(mainOrFixture).importPackages("vn.ndxp");
    }

    private static JavaClasses main() {
        return withBackEdge.that(describe("main classes", c -> !c.isEquivalentTo(BackEdgeFixture.class)));
    }

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() {
        LAYERS.check(main());
    }

    @Test
    void noCycleBetweenPackages() {
        NO_CYCLES.check(main());
    }

    @Test
    void aLeafThatCallsUpBreaksTheLayering() {
        EvaluationResult result = LAYERS.evaluate(withBackEdge);

        assertThat(result.getFailureReport().getDetails())
                .singleElement().asString()
                .isEqualTo("Method <vn.ndxp.time.BackEdgeFixture.dedupWindowMillis()> gets field "
                        + "<vn.ndxp.topology.InputRules.DEFAULT_DEDUP_WINDOW> in (BackEdgeFixture.java:13)");
    }

    @Test
    void aBackEdgeClosesACycleBetweenPackages() {
        EvaluationResult result = NO_CYCLES.evaluate(withBackEdge);

        assertThat(String.join("\n", result.getFailureReport().getDetails()).replaceAll("\\s+", " "))
                .contains("Cycle detected: Slice time -> Slice topology -> Slice time")
                .contains("Method <vn.ndxp.time.BackEdgeFixture.dedupWindowMillis()> gets field "
                        + "<vn.ndxp.topology.InputRules.DEFAULT_DEDUP_WINDOW>");
    }
}
