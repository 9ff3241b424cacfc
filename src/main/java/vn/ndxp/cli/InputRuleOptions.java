package vn.ndxp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import picocli.CommandLine.Option;
import vn.ndxp.runtime.CatalogCodes;
import vn.ndxp.simulator.catalog.Catalog;
import vn.ndxp.simulator.catalog.CatalogException;
import vn.ndxp.simulator.catalog.CatalogLoader;
import vn.ndxp.topology.InputRules;

/** What the streams app accepts as a countable event: the catalog, time bounds and the dedup window. */
final class InputRuleOptions {
    @Option(names = "--catalog", paramLabel = "FILE",
            description = "Catalog of agencies, systems and services (YAML, the built-in catalog's format). Events naming"
                    + " other codes go to the dead letters (default: the built-in catalog).")
    Path catalog;

    @Option(names = "--dedup-window", paramLabel = "DURATION", defaultValue = "24h", converter = DurationConverter.class,
            description = "An eventId seen again within this much event time is a duplicate, counted once"
                    + " (default: ${DEFAULT-VALUE}; ids are kept at least a day plus --grace).")
    Duration dedupWindow;

    @Option(names = "--max-ahead", paramLabel = "DURATION", defaultValue = "1d", converter = DurationConverter.class,
            description = "Events whose requestTime is further ahead of this machine's clock go to the dead letters"
                    + " as future-time (default: ${DEFAULT-VALUE}).")
    Duration maxAhead;

    @Option(names = "--not-before", paramLabel = "YYYY-MM-DD", defaultValue = "2015-01-01",
            description = "Events of an earlier local day go to the dead letters as before-platform (default: ${DEFAULT-VALUE}).")
    LocalDate notBefore;

    /** The catalog the options name: the user's file or the built-in one. */
    Catalog catalog() {
        if (catalog == null) {
            return CatalogLoader.builtIn();
        }
        if (!Files.isReadable(catalog)) {
            throw new UserException("Cannot read catalog " + catalog);
        }
        try {
            return CatalogLoader.load(catalog);
        } catch (CatalogException e) {
            throw new UserException(e.getMessage());
        }
    }

    InputRules toRules(Catalog loaded) {
        try {
            return new InputRules(CatalogCodes.from(loaded), maxAhead, notBefore, dedupWindow);
        } catch (IllegalArgumentException e) {
            throw new UserException("Invalid option: " + e.getMessage());
        }
    }
}
