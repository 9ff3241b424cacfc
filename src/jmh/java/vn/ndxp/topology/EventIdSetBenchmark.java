package vn.ndxp.topology;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classifier's duplicate check: one lookup in a partition's {@link EventIdSet} holding a day's
 * ids ({@code size}, about 470,000 for one of six partitions of the default day), of an id it does
 * not hold (a new event: nearly every lookup) or of one it holds (a redelivery); and a new id's
 * whole stay in the table, as the app handles each event. The table is far larger than the caches,
 * as in the app.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class EventIdSetBenchmark {
    private static final int PROBES = 1 << 20;

    @Param("470000")
    int size;

    private EventIdSet set;
    private long[] present;
    private long[] absent;
    private int next;
    /** The ids in the table, oldest first from {@link #oldest}: {@link #rememberNew} replaces the oldest. */
    private long[] held;
    private int oldest;
    private SplittableRandom random;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        set = new EventIdSet();
        long[] all = new long[2 * size];
        for (int i = 0; i < size; i++) {
            all[2 * i] = random.nextLong();
            all[2 * i + 1] = random.nextLong();
            set.add(all[2 * i], all[2 * i + 1]);
        }
        present = new long[2 * PROBES];
        absent = new long[2 * PROBES];
        for (int i = 0; i < PROBES; i++) {
            int j = random.nextInt(size);
            present[2 * i] = all[2 * j];
            present[2 * i + 1] = all[2 * j + 1];
            absent[2 * i] = random.nextLong();
            absent[2 * i + 1] = random.nextLong();
        }
        held = all;
        this.random = random;
    }

    @Benchmark
    public boolean containsNew() {
        int i = 2 * (next++ & (PROBES - 1));
        return set.contains(absent[i], absent[i + 1]);
    }

    /**
     * A new event's id looked up, added, and the oldest id removed, as when the app forgets an hour
     * past the retention: the table keeps its size.
     */
    @Benchmark
    public boolean rememberNew() {
        long high = random.nextLong();
        long low = random.nextLong();
        boolean seen = set.contains(high, low);
        set.add(high, low);
        int o = 2 * oldest;
        set.remove(held[o], held[o + 1]);
        held[o] = high;
        held[o + 1] = low;
        oldest = oldest + 1 == size ? 0 : oldest + 1;
        return seen;
    }

    @Benchmark
    public boolean containsSeen() {
        int i = 2 * (next++ & (PROBES - 1));
        return set.contains(present[i], present[i + 1]);
    }
}
