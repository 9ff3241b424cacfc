package vn.ndxp.topology.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** However they were built, merged or decoded, the bins answer every quantile exactly as a DDSketch of the same latencies does. */
class LatencyBinsTest {
    private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1};

    @Test
    void answersAsTheSketchDoesWhetherSmallLargeMergedOrDecoded() {
        Random random = new Random(11);
        for (int n : new int[] {1, 2, 5, 23, 24, 25, 100, 10_000}) {
            DDSketch reference = new DDSketch(HealthStats.MAPPING, () -> new UnboundedSizeDenseStore(16, 2));
            LatencyBins a = new LatencyBins();
            LatencyBins b = new LatencyBins();
            for (int i = 0; i < n; i++) {
                int latency = random.nextInt(10) == 0 ? 0 : 1 + (int) Math.exp(random.nextDouble() * 9);
                reference.accept(latency);
                (i % 3 == 0 ? a : b).accept(latency);
            }
            LatencyBins merged = new LatencyBins();
            merged.merge(a);
            merged.merge(b);
            Codec.Writer w = new Codec.Writer(64);
            merged.write(w);
            LatencyBins decoded = new LatencyBins();
            decoded.mergeFrom(new Codec.Reader(w.toByteArray()));
            for (double q : QUANTILES) {
                assertThat(merged.quantile(q)).as("n=%d q=%s", n, q).isEqualTo(reference.getValueAtQuantile(q));
                assertThat(decoded.quantile(q)).as("decoded n=%d q=%s", n, q).isEqualTo(reference.getValueAtQuantile(q));
            }
        }
        assertThat(new LatencyBins().quantile(0.5)).isNaN();
        LatencyBins one = new LatencyBins();
        one.accept(120);
        for (double q : new double[] {-0.1, 1.1, Double.NaN}) {
            assertThatThrownBy(() -> one.quantile(q)).as("q=%s", q).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
