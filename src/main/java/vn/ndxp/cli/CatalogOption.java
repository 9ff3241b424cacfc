package vn.ndxp.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;

/** {@code --catalog FILE}: a user's own catalog instead of the built-in one. */
final class CatalogOption {
    @Option(names = "--catalog", paramLabel = "FILE",
            description = "Your own catalog of agencies, systems and services (YAML, the built-in format; see `catalog`)."
                    + " The streams app sends events naming other codes to the dead letters.")
    Path file;

    /** The user's catalog, or the built-in one; a file that is not there or not valid is the user's error. */
    Catalog load() {
        if (file == null) {
            return CatalogLoader.builtIn();
        }
        if (!Files.isReadable(file)) {
            throw new UserException("Cannot read catalog " + file);
        }
        return CatalogLoader.load(file);
    }
}
