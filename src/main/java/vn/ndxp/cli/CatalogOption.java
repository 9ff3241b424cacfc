package vn.ndxp.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import vn.ndxp.simulator.catalog.Catalog;
import vn.ndxp.simulator.catalog.CatalogLoader;

/** {@code --catalog FILE}: a user's own catalog instead of the built-in one. */
final class CatalogOption {
    @Option(names = "--catalog", paramLabel = "FILE",
            description = "Your own catalog of agencies, systems and services (YAML, the built-in format; see `catalog`).")
    Path file;

    Catalog load() {
        return file == null ? CatalogLoader.builtIn() : CatalogLoader.load(file);
    }
}
