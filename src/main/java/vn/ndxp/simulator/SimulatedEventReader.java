package vn.ndxp.simulator;

import java.time.LocalDate;
import java.util.List;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.model.file.EventReader;

/**
 * A simulated working day of a catalog as an {@link EventReader}, so that a replay can send the
 * simulator's traffic without a file: valid events only, in delivery order, no scenario.
 */
public final class SimulatedEventReader implements EventReader {
    /** A Wednesday: a working day's volume and mix of services. */
    private static final LocalDate DAY = LocalDate.of(2024, 4, 24);

    private final Simulation simulation;

    public SimulatedEventReader(Catalog catalog, long seed) {
        this.simulation = new Simulation(catalog, new SimulationOptions(DAY, 1, seed,
                SimulationOptions.DEFAULT_WORKDAY_VOLUME, 0, List.of()));
    }

    @Override
    public Entry next() {
        while (simulation.hasNext()) {
            SimRecord r = simulation.next();
            if (r.malformation() == null && !r.duplicate()) {
                return Entry.of(r.event());
            }
        }
        return null;
    }

    @Override
    public void close() {
        // Nothing held: the simulation is in memory.
    }
}
