package vn.ndxp.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import vn.ndxp.loadtest.Pacer;
import vn.ndxp.loadtest.Progress;
import vn.ndxp.loadtest.RunAhead;
import vn.ndxp.simulator.calendar.VietnamCalendar;
import vn.ndxp.simulator.catalog.Catalog;
import vn.ndxp.simulator.output.RecordSink;

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

    public static Summary run(Catalog catalog, SimulationOptions options, RecordSink sink, Pacer pacer,
                              GroundTruth truth) throws InterruptedException {
        Simulation simulation = new Simulation(catalog, options);
        long expected = expectedRecords(options);
        long started = System.nanoTime();
        long n = 0;
        // The simulation runs on a thread of its own, ahead of the sends: at full speed, drawing
        // and building the events took about as long as serializing and sending them.
        try (Progress progress = new Progress("events", expected);
             RunAhead<SimRecord> ahead = new RunAhead<>("simulation-ahead",
                     () -> simulation.hasNext() ? simulation.next() : null)) {
            for (SimRecord r = next(ahead); r != null; r = next(ahead)) {
                SimRecord sent = r;
                truth.record(r);
                pacer.await(r.deliveryTime());
                sink.send(r);
                n++;
                progress.update(n, done -> "simulated " + LOCAL_TIME.format(Instant.ofEpochMilli(sent.deliveryTime())));
            }
        }
        return new Summary(n, (System.nanoTime() - started) / 1e9);
    }

    private static SimRecord next(RunAhead<SimRecord> ahead) throws InterruptedException {
        try {
            return ahead.next();
        } catch (IOException e) {
            // The simulation reads no files: this is a bug in it, surfaced as it was thrown.
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
