package vn.ndxp.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.pacing.Pacer;
import vn.ndxp.pacing.Progress;
import vn.ndxp.pacing.RunAhead;
import vn.ndxp.simulator.output.RecordSink;
import vn.ndxp.time.DayProfile;
import vn.ndxp.time.VietnamCalendar;

/** Runs a simulation into a sink at a pace, tallying the ground truth of what it delivers. */
public final class SimulationRun {
    private static final DateTimeFormatter LOCAL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(VietnamCalendar.ZONE);

    /** What was delivered and how fast. */
    public record Summary(long records, double seconds) {
        public double recordsPerSecond() {
            return records / Math.max(1e-9, seconds);
        }
    }

    private SimulationRun() {}

    /** A record on its way from the simulation's thread to the sending one. */
    private record Outgoing<P>(SimRecord record, int partition, P prepared) {}

    public static <P> Summary run(Catalog catalog, SimulationOptions options, RecordSink<P> sink, Pacer pacer,
                                  GroundTruth truth) throws InterruptedException {
        Simulation simulation = new Simulation(catalog, options);
        long expected = expectedRecords(options);
        long started = System.nanoTime();
        long n = 0;
        // The simulation runs on a thread of its own, ahead of the sends, and does there whatever
        // does not wait for the pace (the sink's serializing, the partition of the ground truth):
        // at full speed the sending thread sets the pace, and it is left with the sends alone.
        try (Progress progress = new Progress("events", expected);
             RunAhead<Outgoing<P>> ahead = new RunAhead<>("simulation-ahead", () -> {
                 if (!simulation.hasNext()) {
                     return null;
                 }
                 SimRecord r = simulation.next();
                 return new Outgoing<>(r, truth.partition(r), sink.prepare(r));
             })) {
            for (Outgoing<P> o = next(ahead); o != null; o = next(ahead)) {
                SimRecord r = o.record();
                truth.record(r, o.partition());
                pacer.await(r.deliveryTime());
                sink.send(r, o.prepared());
                n++;
                progress.update(n, done -> "simulated " + LOCAL_TIME.format(Instant.ofEpochMilli(r.deliveryTime())));
            }
        }
        return new Summary(n, (System.nanoTime() - started) / 1e9);
    }

    private static <T> T next(RunAhead<T> ahead) throws InterruptedException {
        try {
            return ahead.next();
        } catch (IOException e) {
            // Nothing ahead reads files: what failed there (the sink's serializer not reaching the
            // schema registry, say) is thrown here as it was thrown there, for the caller's handling.
            throw e.getCause() instanceof RuntimeException r ? r : new UncheckedIOException(e);
        }
    }

    /** Roughly how many records the options make, for progress bars (scenarios aside). */
    public static long expectedRecords(SimulationOptions options) {
        double sum = 0;
        for (int d = 0; d < options.days(); d++) {
            sum += options.dailyVolume() * DayProfile.dayFactor(options.from().plusDays(d));
        }
        return Math.round(sum);
    }
}
