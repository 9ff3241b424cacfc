package vn.ndxp.jmh;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.simulator.Simulation;
import vn.ndxp.simulator.SimulationOptions;

/** Realistic events for the benchmarks: the simulator's traffic on the built-in catalog. */
public final class Samples {
    /** A working day (Wednesday), the day the one-run benchmark simulates too. */
    public static final LocalDate DAY = LocalDate.of(2024, 4, 24);

    private Samples() {}

    /** A whole simulated working day of the built-in catalog: every agency, system and service. */
    public static SimulationOptions day(double volume, int days) {
        return new SimulationOptions(DAY, days, 1, volume, 0, List.of());
    }

    /**
     * {@code n} events spread over a whole day (a day scaled to about {@code n} events), so that they
     * have the day's mix of services, statuses, sizes and latencies rather than the night's.
     */
    public static List<DataExchangeEvent> events(int n) {
        Simulation simulation = new Simulation(CatalogLoader.builtIn(), day(n * 1.05, 1));
        List<DataExchangeEvent> events = new ArrayList<>(n);
        while (events.size() < n && simulation.hasNext()) {
            events.add(simulation.next().event());
        }
        if (events.size() < n) {
            throw new IllegalStateException("the simulated day gave only " + events.size() + " of " + n + " events");
        }
        return events;
    }
}
