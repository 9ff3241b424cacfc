package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownCodesTest {

    @Test
    void eachCodeIsOneInstanceWhereverItAppears() {
        KnownCodes codes = KnownCodes.builder()
                .agency(new String("BCA".toCharArray()))
                .system("BCA_CSDLQGDC", new String("BCA".toCharArray()))
                .service("BCA_CSDLQGDC_LOOKUP", new String("BCA_CSDLQGDC".toCharArray()))
                .build();

        assertThat(codes.all()).containsExactlyInAnyOrder("BCA", "BCA_CSDLQGDC", "BCA_CSDLQGDC_LOOKUP");
        String agency = codes.all().stream().filter("BCA"::equals).findFirst().orElseThrow();
        String system = codes.all().stream().filter("BCA_CSDLQGDC"::equals).findFirst().orElseThrow();
        assertThat(codes.agencyOf("BCA_CSDLQGDC")).isSameAs(agency);
        assertThat(codes.systemOf("BCA_CSDLQGDC_LOOKUP")).isSameAs(system);
        assertThat(codes.isAgency("BCA")).isTrue();
        assertThat(codes.agencyOf("BCA_OTHER")).isNull();
    }
}
