package vn.ndxp.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --grace}: how long after its local day ends an event still counts. */
final class GraceOption {
    @Option(names = "--grace", defaultValue = "PT6H", converter = DurationConverter.class,
            description = "How long after its local day ends an event still counts, e.g. 6h, 30m (default: 6h).")
    Duration grace;
}
