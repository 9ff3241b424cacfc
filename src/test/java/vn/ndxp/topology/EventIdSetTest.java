package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdSetTest {
    @Test
    void holdsMillionsOfIdsExactlyAndForgetsThemOneByOne() {
        EventIdSet set = new EventIdSet();
        Random random = new Random(7);
        long[][] ids = new long[1_000_000][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new long[] {random.nextLong(), random.nextLong()};
            set.add(ids[i][0], ids[i][1]);
        }
        set.add(ids[5][0], ids[5][1]); // again: still one
        assertThat(set.size()).isEqualTo(1_000_000);
        assertThat(set.contains(ids[999_999][0], ids[999_999][1])).isTrue();
        assertThat(set.contains(ids[0][0] + 1, ids[0][1])).isFalse();

        for (int i = 0; i < 500_000; i++) {
            set.remove(ids[i][0], ids[i][1]);
        }
        set.remove(ids[0][0], ids[0][1]); // gone already: nothing happens
        assertThat(set.size()).isEqualTo(500_000);
        // Every id left must still be found from its home slot after the shifts that filled the gaps.
        for (int i = 0; i < ids.length; i++) {
            assertThat(set.contains(ids[i][0], ids[i][1])).as("id %d", i).isEqualTo(i >= 500_000);
        }
        int capacity = set.capacity();
        set.trim();
        assertThat(set.capacity()).as("half the ids left: no need to shrink").isEqualTo(capacity);

        for (int i = 500_000; i < 999_000; i++) {
            set.remove(ids[i][0], ids[i][1]);
        }
        set.trim();
        assertThat(set.capacity()).isLessThan(capacity / 100);
        assertThat(set.size()).isEqualTo(1_000);
        for (int i = 998_000; i < ids.length; i++) {
            assertThat(set.contains(ids[i][0], ids[i][1])).isEqualTo(i >= 999_000);
        }
    }

    @Test
    void aRemovalAtTheEndOfTheTableShiftsBackWhatWrappedAroundToItsStart() {
        // Small tables and many ids: runs of occupied slots cross the end of the arrays often.
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            EventIdSet set = new EventIdSet();
            Set<List<Long>> expected = new HashSet<>();
            for (int i = 0; i < 2_800; i++) { // 68 % of the first 4,096 slots
                long high = random.nextLong();
                long low = random.nextLong();
                set.add(high, low);
                expected.add(List.of(high, low));
            }
            List<List<Long>> order = new ArrayList<>(expected);
            Collections.shuffle(order, random);
            for (List<Long> id : order.subList(0, 1_400)) {
                set.remove(id.get(0), id.get(1));
                expected.remove(id);
            }
            for (List<Long> id : order) {
                assertThat(set.contains(id.get(0), id.get(1))).isEqualTo(expected.contains(id));
            }
            assertThat(set.size()).isEqualTo(expected.size());
        }
    }

    @Test
    void theNilUuidIsAnIdLikeAnyOther() {
        EventIdSet set = new EventIdSet();
        assertThat(set.contains(0, 0)).isFalse();
        set.add(0, 0);
        set.add(0, 0);
        set.add(0, 1);
        set.add(1, 0);
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.contains(0, 0)).isTrue();
        for (int i = 2; i < 10_000; i++) { // through several rehashes
            set.add(i, i);
        }
        assertThat(set.contains(0, 0)).isTrue();
        assertThat(set.size()).isEqualTo(10_001);

        set.remove(0, 0);
        set.remove(0, 0);
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
