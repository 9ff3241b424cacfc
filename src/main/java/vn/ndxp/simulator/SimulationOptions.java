package vn.ndxp.simulator;

import java.time.LocalDate;
import java.util.List;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.time.DayProfile;

/**
 * What to simulate.
 *
 * @param workdayVolume transactions on an ordinary working day before growth (2,800,000 in April 2024)
 * @param growth        extra volume, e.g. 0.67 for +67 %
 */
public record SimulationOptions(LocalDate from, int days, long seed, double workdayVolume, double growth,
                                List<Scenario> scenarios) {
    public static final double DEFAULT_WORKDAY_VOLUME = DayProfile.WORKDAY_VOLUME;

    public SimulationOptions {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        if (workdayVolume < 0 || growth <= -1) {
            throw new IllegalArgumentException("volume must be positive and growth above -1");
        }
        scenarios = List.copyOf(scenarios);
    }

    public double dailyVolume() {
        return workdayVolume * (1 + growth);
    }
}
