package vn.ndxp.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import vn.ndxp.catalog.YamlTree.Node;

/**
 * Reads and validates catalogs: the built-in one ({@link #builtIn()}, the classpath resource
 * {@value #BUILT_IN_RESOURCE}) or a user's own file in the same format ({@link #load(Path)}). The
 * format is described at the top of the built-in file.
 *
 * <p>Every problem found is reported at once in one {@link CatalogException}, each naming the file,
 * the entry, the field and the line, e.g. {@code catalog.yaml: systems[12] (code "BTC_THUE"): field
 * "agency": unknown agency code "BTCX" (line 140)}. The checks: required fields present and not
 * blank; code patterns; unique agency, system and service codes; every system's agency exists;
 * known kinds; every system is a provider (has services), a consumer (has a consumer weight) or
 * both; numbers positive and sensible (p99 &ge; median, timeout &gt; median, 0 &le; error rate &lt;
 * 1, whole numbers for timeouts and sizes); unknown or repeated fields rejected.
 */
public final class CatalogLoader {

    /** Classpath resource of the built-in catalog. */
    public static final String BUILT_IN_RESOURCE = "catalog/ndxp-catalog.yaml";

    /** Agency codes: label-safe, short. */
    public static final Pattern AGENCY_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,15}$");
    /** System codes. */
    public static final Pattern SYSTEM_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,31}$");
    /** Service codes. */
    public static final Pattern SERVICE_CODE = Pattern.compile("^[A-Z][A-Z0-9_]{1,63}$");

    /** Upper bounds that catch unit mistakes (seconds for milliseconds, kB for bytes...). */
    static final double MAX_LATENCY_MS = 600_000;
    static final long MAX_TIMEOUT_MS = 3_600_000;
    static final long MAX_BYTES = 256L * 1024 * 1024;
    static final double MAX_WEIGHT = 1e9;
    /** Problems listed in one exception at most. */
    static final int MAX_PROBLEMS = 50;

    private static volatile Catalog builtIn;

    private CatalogLoader() {}

    /** The built-in catalog (388 systems of 95 agencies, April 2024), loaded once and cached. */
    public static Catalog builtIn() {
        Catalog c = builtIn;
        if (c == null) {
            synchronized (CatalogLoader.class) {
                c = builtIn;
                if (c == null) {
                    String source = "classpath:" + BUILT_IN_RESOURCE;
                    try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(BUILT_IN_RESOURCE)) {
                        if (in == null) {
                            throw new CatalogException(source + ": resource not found");
                        }
                        c = read(in, source);
                    } catch (IOException e) {
                        throw new CatalogException(source + ": cannot read: " + e, e);
                    }
                    builtIn = c;
                }
            }
        }
        return c;
    }

    /**
     * Loads a user's catalog file (same format as the built-in one).
     *
     * @throws CatalogException if the file cannot be read, is not YAML or is not a valid catalog
     */
    public static Catalog load(Path file) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, source);
        } catch (IOException e) {
            throw new CatalogException(source + ": cannot read: " + e, e);
        }
    }

    /**
     * Parses a catalog held in a string (tests, tools); {@code sourceName} is the name used in
     * error messages.
     */
    public static Catalog parse(String yaml, String sourceName) {
        return read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), sourceName);
    }

    private static Catalog read(InputStream in, String source) {
        Node root = YamlTree.read(in, source);
        return new CatalogValidator(source).validate(root);
    }
}
