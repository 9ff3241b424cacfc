package vn.ndxp.cli;

import java.time.Duration;
import java.time.LocalDate;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.topology.InputRules;

/** What the streams app accepts as a countable event: the catalog, time bounds and the dedup window. */
final class InputRuleOptions {
    @Mixin
    CatalogOption catalog;

    @Option(names = "--dedup-window", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "An eventId seen again within this much event time is a duplicate, counted once"
                    + " (default: ${DEFAULT-VALUE}; ids are kept at least a day plus --grace).")
    Duration dedupWindow;

    @Option(names = "--dedup-max-ids", paramLabel = "N",
            description = "The most eventIds one input partition remembers; past it the oldest hours of ids are forgotten"
                    + " early and a redelivery of an older event is counted again (default: a third of the max heap"
                    + " at 40 bytes an id over --partitions, at most 4194304; the README's \"Duplicates\").")
    Integer dedupMaxIds;

    @Option(names = "--max-ahead", paramLabel = "DURATION", defaultValue = "1d", converter = DurationConverter.class,
            description = "Events whose requestTime is further ahead of this machine's clock go to the dead letters"
                    + " as future-time (default: ${DEFAULT-VALUE}).")
    Duration maxAhead;

    @Option(names = "--max-skew", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Events further ahead of the platform's event-time clock (the --clock-quorum-th newest"
                    + " consumer system's clock) go to the dead letters as clock-ahead (default: ${DEFAULT-VALUE}).")
    Duration maxSkew;

    @Option(names = "--clock-quorum", paramLabel = "N", defaultValue = "3",
            description = "How many consumer systems must reach a time before the platform's day and lateness"
                    + " follow it, so that fewer systems with a clock ahead cannot move them (default: ${DEFAULT-VALUE}).")
    int clockQuorum;

    @Option(names = "--not-before", paramLabel = "YYYY-MM-DD", defaultValue = "2015-01-01",
            description = "Events of an earlier local day go to the dead letters as before-platform (default: ${DEFAULT-VALUE}).")
    LocalDate notBefore;

    /** The catalog the options name: the user's file or the built-in one. */
    Catalog catalog() {
        return catalog.load();
    }

    /** The rules the options name; the dedup bound, unless given, from this JVM's max heap and the input's partitions. */
    InputRules toRules(Catalog loaded, int partitions) {
        try {
            int maxIds = dedupMaxIds != null ? dedupMaxIds
                    : InputRules.dedupMaxIdsFor(Runtime.getRuntime().maxMemory(), partitions);
            return InputRules.defaults(CatalogCodes.from(loaded)).withMaxAhead(maxAhead).withNotBefore(notBefore)
                    .withDedupWindow(dedupWindow).withMaxSkew(maxSkew).withClockQuorum(clockQuorum)
                    .withDedupMaxIds(maxIds);
        } catch (IllegalArgumentException e) {
            throw new UserException("Invalid option: " + e.getMessage());
        }
    }
}
