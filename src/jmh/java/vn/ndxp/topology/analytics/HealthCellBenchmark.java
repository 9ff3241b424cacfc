package vn.ndxp.topology.analytics;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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
import vn.ndxp.jmh.Samples;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * The work on an analytics cell: one transaction into a {@link HealthStats} (counters, bytes and
 * the DDSketch bins of the latencies), as the combiner does it for each valid event, and the
 * cell's encoding with {@link Codec.Writer}, as the combiner does it at most once per commit
 * (its journal) and once per flush (the partials).
 * Only these two stable entry points are used, not the combiner's own cell classes, so the bench
 * survives changes to how the combiner keeps its cells.
 *
 * <p>{@code cellEvents} is how many events a cell holds: a quiet service's minute (10) or a busy
 * one's (1000). The latencies, statuses and sizes are the simulator's for the busiest service of
 * the built-in catalog over a whole day (a cell is one service's), in time order.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class HealthCellBenchmark {
    /** A day scaled to this many events gives its busiest service a few thousand. */
    private static final int DAY_SAMPLE = 100_000;
    private static final int SAMPLE = 8192;

    @Param({"10", "1000"})
    public int cellEvents;

    private final int[] statuses = new int[SAMPLE];
    private final int[] durations = new int[SAMPLE];
    private final long[] requestBytes = new long[SAMPLE];
    private final long[] responseBytes = new long[SAMPLE];
    private final Codec.Writer writer = new Codec.Writer(512);
    /** A full cell, for {@link #encode()}. */
    private HealthStats full;
    /** The cell being filled, replaced by an empty one every {@code cellEvents} events (a new minute). */
    private HealthStats cell;
    private int inCell;
    private int next;

    @Setup
    public void setUp() {
        List<DataExchangeEvent> service = busiestService(Samples.events(DAY_SAMPLE));
        for (int i = 0; i < SAMPLE; i++) {
            DataExchangeEvent e = service.get(i % service.size());
            statuses[i] = e.getStatus().ordinal();
            durations[i] = e.getDurationMs();
            requestBytes[i] = e.getRequestBytes();
            responseBytes[i] = e.getResponseBytes();
        }
        full = new HealthStats();
        for (int i = 0; i < cellEvents; i++) {
            add(full, i % SAMPLE);
        }
        cell = new HealthStats();
    }

    /** A cell holds one service's calls: the latencies of one service, not of the whole platform. */
    private static List<DataExchangeEvent> busiestService(List<DataExchangeEvent> day) {
        return day.stream()
                .collect(Collectors.groupingBy(DataExchangeEvent::getServiceCode))
                .values().stream()
                .max(Comparator.comparingInt(List::size))
                .orElseThrow();
    }

    /** One event into a cell. */
    @Benchmark
    public HealthStats update() {
        return nextEvent();
    }

    /** One encoding of a cell holding {@code cellEvents} events, copied out as the store's value. */
    @Benchmark
    public byte[] encode() {
        full.write(writer.reset());
        return writer.toByteArray();
    }

    /** Both: the health cell's share of the combiner's per-event work. */
    @Benchmark
    public byte[] updateAndEncode() {
        nextEvent().write(writer.reset());
        return writer.toByteArray();
    }

    private HealthStats nextEvent() {
        if (inCell++ == cellEvents) {
            cell = new HealthStats();
            inCell = 1;
        }
        add(cell, next++ & (SAMPLE - 1));
        return cell;
    }

    private void add(HealthStats stats, int i) {
        stats.add(statuses[i], durations[i], requestBytes[i], responseBytes[i]);
    }
}
