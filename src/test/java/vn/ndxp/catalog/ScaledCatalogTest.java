package vn.ndxp.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScaledCatalogTest {
    private static final Catalog BASE = CatalogLoader.builtIn();

    @Test
    void aScaledCatalogIsKTimesTheBaseAndValid() {
        Catalog scaled = CatalogLoader.parse(ScaledCatalog.yaml(BASE, 3, 1), "scaled");
        assertThat(scaled.agencyCount()).isEqualTo(3 * BASE.agencyCount());
        assertThat(scaled.systemCount()).isEqualTo(3 * BASE.systemCount());
        assertThat(scaled.serviceCount()).isEqualTo(3 * BASE.serviceCount());
        assertThat(scaled.providers()).hasSize(3 * BASE.providers().size());
        assertThat(scaled.consumers()).hasSize(3 * BASE.consumers().size());
    }

    @Test
    void copiesKeepTheStructureWithReadableCodes() {
        Catalog scaled = CatalogLoader.parse(ScaledCatalog.yaml(BASE, 3, 1), "scaled");
        assertThat(scaled.agency("BCA_3")).get().extracting(Agency::kind).isEqualTo(AgencyKind.MINISTRY);
        assertThat(scaled.agency("BCA_3").get().nameEn()).isEqualTo("Ministry of Public Security (3)");
        SystemInfo population = scaled.system("BCA_CSDLQGDC_2").orElseThrow();
        assertThat(population.agencyCode()).isEqualTo("BCA_2");
        assertThat(population.services()).extracting(Service::code).contains("BCA_CSDLQGDC_VERIFY_CITIZEN_2");
        assertThat(scaled.service("BCA_CSDLQGDC_VERIFY_CITIZEN_3").orElseThrow().hints())
                .isEqualTo(BASE.service("BCA_CSDLQGDC_VERIFY_CITIZEN").orElseThrow().hints());
    }

    @Test
    void copyOneIsTheBaseAndTheOthersVaryTheWeightsWithinAFactorOfTwo() {
        Catalog scaled = CatalogLoader.parse(ScaledCatalog.yaml(BASE, 3, 1), "scaled");
        boolean anyDiffers = false;
        for (Service original : BASE.services()) {
            assertThat(scaled.service(original.code()).orElseThrow().weight())
                    .isCloseTo(original.weight(), within(original.weight() * 1e-3));
            double copy = scaled.service(original.code() + "_2").orElseThrow().weight();
            assertThat(copy / original.weight()).isBetween(0.499, 2.001);
            anyDiffers |= Math.abs(copy - original.weight()) > original.weight() * 0.01;
        }
        assertThat(anyDiffers).isTrue();
    }

    @Test
    void theSameSeedWritesTheSameFileAndAnotherSeedOtherWeights() {
        assertThat(ScaledCatalog.yaml(BASE, 2, 7)).isEqualTo(ScaledCatalog.yaml(BASE, 2, 7));
        assertThat(ScaledCatalog.yaml(BASE, 2, 8)).isNotEqualTo(ScaledCatalog.yaml(BASE, 2, 7));
    }

    @Test
    void theLargestScaleLoadsAndItsCodesStayWithinTheirPatterns() {
        Catalog scaled = CatalogLoader.parse(ScaledCatalog.yaml(BASE, ScaledCatalog.MAX_SCALE, 1), "scaled");
        assertThat(scaled.agencyCount()).isEqualTo(ScaledCatalog.MAX_SCALE * BASE.agencyCount());
        assertThat(scaled.agencies()).allSatisfy(a -> assertThat(a.code()).matches(CatalogLoader.AGENCY_CODE)
                .hasSizeLessThanOrEqualTo(BASE.agencies().stream().mapToInt(b -> b.code().length()).max().orElseThrow() + 3));
    }

    @Test
    void aScaleOutOfRangeIsRefused() {
        assertThatThrownBy(() -> ScaledCatalog.yaml(BASE, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScaledCatalog.yaml(BASE, ScaledCatalog.MAX_SCALE + 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
