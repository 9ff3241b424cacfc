package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdSetTest {
    @Test
    void holdsMillionsOfIdsExactlyAndForgetsWholeHours() {
        EventIdSet set = new EventIdSet();
        Random random = new Random(7);
        long[][] ids = new long[1_000_000][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new long[] {random.nextLong(), random.nextLong()};
            set.add(ids[i][0], ids[i][1], 100 + i / 100_000);
        }
        set.add(ids[5][0], ids[5][1], 100); // again: still one
        assertThat(set.size()).isEqualTo(1_000_000);
        assertThat(set.contains(ids[999_999][0], ids[999_999][1])).isTrue();
        assertThat(set.contains(ids[0][0] + 1, ids[0][1])).isFalse();

        set.removeHoursBefore(105);
        assertThat(set.size()).isEqualTo(500_000);
        assertThat(set.contains(ids[499_999][0], ids[499_999][1])).as("hour 104").isFalse();
        assertThat(set.contains(ids[500_000][0], ids[500_000][1])).as("hour 105").isTrue();
        for (int i = 0; i < ids.length; i += 997) {
            assertThat(set.contains(ids[i][0], ids[i][1])).isEqualTo(i >= 500_000);
        }
        set.removeHoursBefore(200);
        assertThat(set.size()).isZero();
    }

    @Test
    void theNilUuidIsAnIdLikeAnyOther() {
        EventIdSet set = new EventIdSet();
        assertThat(set.contains(0, 0)).isFalse();
        set.add(0, 0, 100);
        set.add(0, 0, 100);
        set.add(0, 1, 101);
        set.add(1, 0, 101);
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.contains(0, 0)).isTrue();
        for (int i = 2; i < 10_000; i++) { // through several rehashes
            set.add(i, i, 101);
        }
        assertThat(set.contains(0, 0)).isTrue();
        assertThat(set.size()).isEqualTo(10_001);

        set.removeHoursBefore(101);
        assertThat(set.contains(0, 0)).isFalse();
        assertThat(set.contains(0, 1)).isTrue();
        assertThat(set.size()).isEqualTo(10_000);
    }

    @Test
    void aCanonicalUuidIsItsOwnNumberAndAnyOtherTextIsHashed() {
        long[] bits = new long[2];
        UUID uuid = UUID.randomUUID();
        EventIdBits.of(uuid.toString(), bits);
        assertThat(bits).containsExactly(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
        EventIdBits.of(uuid.toString().toUpperCase(), bits);
        assertThat(bits).as("hex is case-insensitive").containsExactly(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());

        long[] other = new long[2];
        EventIdBits.of("order-42", bits);
        EventIdBits.of("order-43", other);
        assertThat(bits).isNotEqualTo(other);
        EventIdBits.of("order-42", other);
        assertThat(bits).isEqualTo(other);
        EventIdBits.of(uuid.toString().replace('-', 'x'), other);
        assertThat(other).as("not canonical: hashed").isNotEqualTo(
                new long[] {uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()});
    }
}
