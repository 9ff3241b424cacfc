package vn.ndxp.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    /** What a Prometheus label value built from a code may contain here. */
    private static final Pattern LABEL_SAFE = Pattern.compile("^[A-Z][A-Z0-9_]*$");

    @TempDir
    Path dir;

    // ---- the built-in catalog ----

    @Test
    void builtInHas95AgenciesAnd388Systems() {
        Catalog c = CatalogLoader.builtIn();
        assertThat(c.agencies()).hasSize(95);
        assertThat(c.systems()).hasSize(388);
        assertThat(c.agencyCount()).isEqualTo(95);
        assertThat(c.systemCount()).isEqualTo(388);
        assertThat(c.services()).hasSizeGreaterThan(388);
        assertThat(CatalogLoader.builtIn()).isSameAs(c);
    }

    @Test
    void builtInAgencyKindsMatchThe2024Structure() {
        Map<AgencyKind, Long> byKind = CatalogLoader.builtIn().agencies().stream()
                .collect(Collectors.groupingBy(Agency::kind, () -> new EnumMap<>(AgencyKind.class), Collectors.counting()));
        assertThat(byKind).containsEntry(AgencyKind.MINISTRY, 18L)
                .containsEntry(AgencyKind.MINISTERIAL_BODY, 4L)
                .containsEntry(AgencyKind.PROVINCE, 63L)
                .containsEntry(AgencyKind.ENTERPRISE, 4L);
        assertThat(byKind.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(95);
        assertThat(CatalogLoader.builtIn().agency("BCA")).get().extracting(Agency::nameVi).isEqualTo("Bộ Công an");
        assertThat(CatalogLoader.builtIn().agency("HCM")).get().extracting(Agency::kind).isEqualTo(AgencyKind.PROVINCE);
    }

    @Test
    void builtInCodesAreUnique() {
        Catalog c = CatalogLoader.builtIn();
        assertUnique(c.agencies().stream().map(Agency::code).toList());
        assertUnique(c.systems().stream().map(SystemInfo::code).toList());
        assertUnique(c.services().stream().map(Service::code).toList());
    }

    @Test
    void builtInCodesAreLabelSafe() {
        Catalog c = CatalogLoader.builtIn();
        assertThat(c.agencies()).allSatisfy(a -> {
            assertThat(a.code()).matches(LABEL_SAFE).matches(CatalogLoader.AGENCY_CODE).hasSizeLessThanOrEqualTo(16);
            assertThat(a.nameVi()).isNotBlank();
            assertThat(a.nameEn()).isNotBlank();
        });
        assertThat(c.systems()).allSatisfy(s -> assertThat(s.code()).matches(LABEL_SAFE).matches(CatalogLoader.SYSTEM_CODE));
        assertThat(c.services()).allSatisfy(s -> assertThat(s.code()).matches(LABEL_SAFE).matches(CatalogLoader.SERVICE_CODE));
    }

    @Test
    void everySystemsAgencyExists() {
        Catalog c = CatalogLoader.builtIn();
        assertThat(c.systems()).allSatisfy(s -> {
            assertThat(c.agency(s.agencyCode())).as(s.code()).isPresent();
            assertThat(c.agencyOf(s).code()).isEqualTo(s.agencyCode());
            assertThat(c.agencyIndex(s.agencyCode())).isEqualTo(s.agencyIndex());
        });
    }

    @Test
    void everyServiceBelongsToAProviderSystem() {
        Catalog c = CatalogLoader.builtIn();
        Set<String> providerCodes = c.providers().stream().map(SystemInfo::code).collect(Collectors.toSet());
        assertThat(c.services()).allSatisfy(svc -> {
            SystemInfo provider = c.providerOf(svc);
            assertThat(provider.code()).isEqualTo(svc.systemCode());
            assertThat(provider.isProvider()).isTrue();
            assertThat(provider.services()).contains(svc);
            assertThat(providerCodes).contains(svc.systemCode());
            assertThat(svc.agencyCode()).isEqualTo(provider.agencyCode());
        });
        assertThat(c.providers()).allSatisfy(s -> assertThat(s.services()).isNotEmpty());
        assertThat(c.consumers()).allSatisfy(s -> assertThat(s.consumerWeight()).isPositive());
        assertThat(c.systems()).allSatisfy(s -> assertThat(s.isProvider() || s.isConsumer()).as(s.code()).isTrue());
    }

    @Test
    void populationDatabaseIsTheLargestProvider() {
        Catalog c = CatalogLoader.builtIn();
        SystemInfo population = c.system("BCA_CSDLQGDC").orElseThrow();
        assertThat(population.agencyCode()).isEqualTo("BCA");
        assertThat(population.kind()).isEqualTo(SystemKind.NATIONAL_DATABASE);
        SystemInfo largest = c.providers().stream().max(Comparator.comparingDouble(SystemInfo::totalServiceWeight)).orElseThrow();
        assertThat(largest.code()).isEqualTo("BCA_CSDLQGDC");
        double runnerUp = c.providers().stream().filter(s -> s != population)
                .mapToDouble(SystemInfo::totalServiceWeight).max().orElseThrow();
        assertThat(population.totalServiceWeight()).isGreaterThan(2 * runnerUp);
    }

    @Test
    void nationalPublicServicePortalIsTheLargestConsumer() {
        Catalog c = CatalogLoader.builtIn();
        SystemInfo largest = c.consumers().stream().max(Comparator.comparingDouble(SystemInfo::consumerWeight)).orElseThrow();
        assertThat(largest.code()).isEqualTo("VPCP_DVCQG");
        assertThat(largest.kind()).isEqualTo(SystemKind.PUBLIC_SERVICE_PORTAL);
    }

    @Test
    void eachOfThe63ProvincesHasAnLgspAndAOneStopShop() {
        Catalog c = CatalogLoader.builtIn();
        List<Agency> provinces = c.agencies().stream().filter(a -> a.kind() == AgencyKind.PROVINCE).toList();
        assertThat(provinces).hasSize(63);
        assertThat(provinces).allSatisfy(p -> {
            List<SystemKind> kinds = c.systemsOf(p.code()).stream().map(SystemInfo::kind).toList();
            assertThat(kinds).as(p.code()).contains(SystemKind.LGSP, SystemKind.ONE_STOP_SHOP);
            assertThat(c.systemsOf(p.code()).stream().filter(s -> s.kind() == SystemKind.ONE_STOP_SHOP))
                    .as(p.code()).singleElement().satisfies(s -> assertThat(s.isConsumer()).isTrue());
        });
        assertThat(c.agency("HNI")).isPresent();
        assertThat(c.agency("DKN")).get().extracting(Agency::nameVi).isEqualTo("Tỉnh Đắk Nông");
    }

    @Test
    void indicesAreCompactAndInFileOrder() {
        Catalog c = CatalogLoader.builtIn();
        for (int i = 0; i < c.agencyCount(); i++) {
            assertThat(c.agencyAt(i).index()).isEqualTo(i);
            assertThat(c.agencyIndex(c.agencyAt(i).code())).isEqualTo(i);
        }
        for (int i = 0; i < c.systemCount(); i++) {
            assertThat(c.systemAt(i).index()).isEqualTo(i);
            assertThat(c.systemIndex(c.systemAt(i).code())).isEqualTo(i);
        }
        for (int i = 0; i < c.serviceCount(); i++) {
            assertThat(c.serviceAt(i).index()).isEqualTo(i);
            assertThat(c.serviceIndex(c.serviceAt(i).code())).isEqualTo(i);
        }
        assertThat(c.agencyAt(0).code()).isEqualTo("BQP");   // first in the file
        assertThat(c.agencyIndex("NOPE")).isEqualTo(-1);
        assertThat(c.systemIndex("NOPE")).isEqualTo(-1);
        assertThat(c.serviceIndex("NOPE")).isEqualTo(-1);
        assertThat(c.agency("NOPE")).isEmpty();
        assertThat(c.systemsOf("NOPE")).isEmpty();
    }

    @Test
    void builtInHintsAreSensible() {
        assertThat(CatalogLoader.builtIn().services()).allSatisfy(s -> {
            TrafficHints h = s.hints();
            assertThat(s.weight()).isPositive();
            assertThat(h.latencyMedianMs()).isPresent();
            assertThat(h.latencyP99Ms().getAsDouble()).isGreaterThanOrEqualTo(h.latencyMedianMs().getAsDouble());
            assertThat((double) h.timeoutMs().getAsInt()).isGreaterThan(h.latencyP99Ms().getAsDouble());
            assertThat(h.errorRate().getAsDouble()).isBetween(0.0, 0.2);
        });
    }

    // ---- user catalogs ----

    private static final String VALID = """
            agencies:
              - {code: BTC, kind: MINISTRY, nameVi: "Bộ Tài chính", nameEn: "Ministry of Finance"}
              - code: HNI
                kind: PROVINCE
                nameVi: "Thành phố Hà Nội"
                nameEn: "Hanoi City"
            systems:
              - code: BTC_THUE
                agency: BTC
                kind: SECTOR_SYSTEM
                nameVi: "Hệ thống quản lý thuế"
                nameEn: "Tax management system"
                services:
                  - {code: BTC_THUE_LOOKUP, nameEn: "Tax lookup", weight: 3, latencyMedianMs: 120, latencyP99Ms: 900, timeoutMs: 30000, errorRate: 0.01, requestBytes: 400, responseBytes: 2000}
                  - {code: BTC_THUE_CHECK, nameEn: "Tax check"}
              - code: HNI_MOTCUA
                agency: HNI
                kind: ONE_STOP_SHOP
                nameVi: "Hệ thống một cửa Hà Nội"
                nameEn: "Hanoi one-stop-shop"
                consumerWeight: 2.5
            """;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void loadsAValidUserCatalog() throws IOException {
        Catalog c = CatalogLoader.load(write("catalog.yaml", VALID));
        assertThat(c.agencies()).extracting(Agency::code).containsExactly("BTC", "HNI");
        assertThat(c.systems()).extracting(SystemInfo::code).containsExactly("BTC_THUE", "HNI_MOTCUA");
        assertThat(c.providers()).extracting(SystemInfo::code).containsExactly("BTC_THUE");
        assertThat(c.consumers()).extracting(SystemInfo::code).containsExactly("HNI_MOTCUA");
        Service lookup = c.service("BTC_THUE_LOOKUP").orElseThrow();
        assertThat(lookup.weight()).isEqualTo(3.0);
        assertThat(lookup.hints().timeoutMs()).hasValue(30000);
        assertThat(lookup.hints().errorRate()).hasValue(0.01);
        assertThat(lookup.systemIndex()).isZero();
        Service check = c.service("BTC_THUE_CHECK").orElseThrow();
        assertThat(check.weight()).isEqualTo(1.0);
        assertThat(check.hints()).isEqualTo(TrafficHints.NONE);
        assertThat(check.index()).isEqualTo(1);
        assertThat(c.system("HNI_MOTCUA").orElseThrow().agencyIndex()).isEqualTo(1);
        assertThat(c.source()).endsWith("catalog.yaml");
    }

    @Test
    void unknownAgencyIsNamedWithEntryAndField() throws IOException {
        Path file = write("catalog.yaml", VALID.replace("agency: BTC", "agency: BTCX"));
        assertThatThrownBy(() -> CatalogLoader.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("catalog.yaml: systems[0] (code \"BTC_THUE\"): field \"agency\": unknown agency code \"BTCX\"")
                .hasMessageContaining("(line 9)");
    }

    @Test
    void duplicateSystemCodeIsRejected() throws IOException {
        Path file = write("dup.yaml", VALID.replace("code: HNI_MOTCUA", "code: BTC_THUE"));
        assertThatThrownBy(() -> CatalogLoader.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("dup.yaml: systems[1] (code \"BTC_THUE\"): field \"code\": duplicate system code \"BTC_THUE\"")
                .hasMessageContaining("first at systems[0]");
    }

    @Test
    void duplicateAgencyAndServiceCodesAreRejected() throws IOException {
        Path agencies = write("a.yaml", VALID.replace("code: HNI\n", "code: BTC\n").replace("agency: HNI", "agency: BTC"));
        assertThatThrownBy(() -> CatalogLoader.load(agencies))
                .hasMessageContaining("agencies[1] (code \"BTC\"): field \"code\": duplicate agency code \"BTC\"");
        Path services = write("s.yaml", VALID.replace("code: BTC_THUE_CHECK", "code: BTC_THUE_LOOKUP"));
        assertThatThrownBy(() -> CatalogLoader.load(services))
                .hasMessageContaining("systems[0] (code \"BTC_THUE\"): services[1] (code \"BTC_THUE_LOOKUP\"): field \"code\": duplicate service code");
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        Path file = write("missing.yaml", VALID.replace("    nameVi: \"Thành phố Hà Nội\"\n", ""));
        assertThatThrownBy(() -> CatalogLoader.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("missing.yaml: agencies[1] (code \"HNI\"): field \"nameVi\": required");
        Path blank = write("blank.yaml", VALID.replace("nameEn: \"Tax management system\"", "nameEn: \"  \""));
        assertThatThrownBy(() -> CatalogLoader.load(blank))
                .hasMessageContaining("systems[0] (code \"BTC_THUE\"): field \"nameEn\": required, must not be blank");
    }

    @Test
    void badNumbersAreNamed() throws IOException {
        Path text = write("n1.yaml", VALID.replace("weight: 3,", "weight: abc,"));
        assertThatThrownBy(() -> CatalogLoader.load(text))
                .hasMessageContaining("n1.yaml: systems[0] (code \"BTC_THUE\"): services[0] (code \"BTC_THUE_LOOKUP\"): field \"weight\": must be a number, got the text \"abc\"");
        Path negative = write("n2.yaml", VALID.replace("consumerWeight: 2.5", "consumerWeight: -1"));
        assertThatThrownBy(() -> CatalogLoader.load(negative))
                .hasMessageContaining("systems[1] (code \"HNI_MOTCUA\"): field \"consumerWeight\": must be a number > 0");
        Path p99 = write("n3.yaml", VALID.replace("latencyP99Ms: 900", "latencyP99Ms: 100"));
        assertThatThrownBy(() -> CatalogLoader.load(p99))
                .hasMessageContaining("services[0] (code \"BTC_THUE_LOOKUP\"): field \"latencyP99Ms\": 100 is below latencyMedianMs 120");
        Path rate = write("n4.yaml", VALID.replace("errorRate: 0.01", "errorRate: 1.5"));
        assertThatThrownBy(() -> CatalogLoader.load(rate))
                .hasMessageContaining("field \"errorRate\": must be a share, 0 <= errorRate < 1, got 1.5");
        Path timeout = write("n5.yaml", VALID.replace("timeoutMs: 30000", "timeoutMs: 0"));
        assertThatThrownBy(() -> CatalogLoader.load(timeout))
                .hasMessageContaining("field \"timeoutMs\": must be a whole number > 0");
        Path fraction = write("n6.yaml", VALID.replace("requestBytes: 400", "requestBytes: 400.5"));
        assertThatThrownBy(() -> CatalogLoader.load(fraction))
                .hasMessageContaining("field \"requestBytes\": must be a whole number, got 400.5");
    }

    @Test
    void unknownFieldIsRejectedByName() throws IOException {
        Path file = write("unknown.yaml", VALID.replace("    consumerWeight: 2.5\n", "    consumerWeight: 2.5\n    colour: red\n"));
        assertThatThrownBy(() -> CatalogLoader.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("unknown.yaml: systems[1] (code \"HNI_MOTCUA\"): field \"colour\": unknown field")
                .hasMessageContaining("(line 22)");
        Path top = write("top.yaml", "version: 2\n" + VALID);
        assertThatThrownBy(() -> CatalogLoader.load(top)).hasMessageContaining("top.yaml: field \"version\": unknown field");
        Path twice = write("twice.yaml", VALID.replace("    agency: HNI\n", "    agency: HNI\n    agency: HNI\n"));
        assertThatThrownBy(() -> CatalogLoader.load(twice))
                .hasMessageContaining("systems[1] (code \"HNI_MOTCUA\"): field \"agency\": given twice (lines 17 and 18)");
    }

    @Test
    void yamlSyntaxErrorGivesFileAndLine() throws IOException {
        String broken = VALID.replace("    kind: ONE_STOP_SHOP\n", "    kind: ONE_STOP_SHOP\n   nameVi: [unclosed\n");
        Path file = write("broken.yaml", broken);
        assertThatThrownBy(() -> CatalogLoader.load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("broken.yaml: YAML syntax error at line 19");
    }

    @Test
    void otherStructuralProblems() throws IOException {
        assertThatThrownBy(() -> CatalogLoader.load(write("empty.yaml", "# nothing\n")))
                .hasMessageContaining("empty.yaml: the file is empty");
        assertThatThrownBy(() -> CatalogLoader.load(write("list.yaml", "- a\n- b\n")))
                .hasMessageContaining("list.yaml: the document must be a mapping");
        assertThatThrownBy(() -> CatalogLoader.load(write("kind.yaml", VALID.replace("kind: MINISTRY", "kind: MINISTERY"))))
                .hasMessageContaining("agencies[0] (code \"BTC\"): field \"kind\": unknown agency kind \"MINISTERY\" (one of MINISTRY,");
        assertThatThrownBy(() -> CatalogLoader.load(write("code.yaml", VALID.replace("code: HNI_MOTCUA", "code: hni-motcua"))))
                .hasMessageContaining("systems[1] (code \"hni-motcua\"): field \"code\": system code \"hni-motcua\" does not match");
        assertThatThrownBy(() -> CatalogLoader.load(write("idle.yaml", VALID.replace("    consumerWeight: 2.5\n", ""))))
                .hasMessageContaining("systems[1] (code \"HNI_MOTCUA\"): neither a provider nor a consumer");
        assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("absent.yaml")))
                .isInstanceOf(CatalogException.class).hasMessageContaining("absent.yaml: cannot read");
    }

    @Test
    void allProblemsAreReportedTogether() throws IOException {
        Path file = write("many.yaml", VALID.replace("agency: BTC", "agency: BTCX").replace("consumerWeight: 2.5", "consumerWeight: zero"));
        assertThatThrownBy(() -> CatalogLoader.load(file))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).hasSize(2)
                        .anySatisfy(p -> assertThat(p).contains("field \"agency\""))
                        .anySatisfy(p -> assertThat(p).contains("field \"consumerWeight\"")));
    }

    private static void assertUnique(List<String> codes) {
        Set<String> seen = new HashSet<>();
        List<String> duplicates = codes.stream().filter(c -> !seen.add(c)).toList();
        assertThat(duplicates).isEmpty();
    }
}
