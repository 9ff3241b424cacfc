package vn.ndxp.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import vn.ndxp.topology.DailyCountsTopology;

/** {@code --counts-retention}: how many days of daily counts the app keeps. */
final class CountsRetentionOption {
    @Option(names = "--counts-retention", defaultValue = "400d", converter = DurationConverter.class,
            description = {"Days of daily counts kept, counted back from the newest day (default: 400d, to compare a day"
                    + " with the same day a year before). Older days leave the store and, as tombstones, the"
                    + " ndxp.agency-daily-counts topic; the _total counters keep counting them. Whole days, at least"
                    + " the grace plus 2 days."})
    Duration retention;

    /** The retention, checked against the grace; a wrong one is the user's error. */
    Duration checked(Duration grace) {
        try {
            DailyCountsTopology.checkCountsRetention(retention, grace);
        } catch (IllegalArgumentException e) {
            throw new UserException("--counts-retention: " + e.getMessage());
        }
        return retention;
    }
}
