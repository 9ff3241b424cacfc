package vn.ndxp.catalog;

import java.util.List;

/**
 * A catalog that cannot be read or is not valid. The message names the file, the entry and the
 * field, one problem a line, e.g. {@code catalog.yaml: systems[12] (code "BTC_THUE"): field
 * "agency": unknown agency code "BTCX" (line 140)}; {@link #problems()} lists them one by one.
 */
public class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CatalogException(String problem) {
        this(List.of(problem), null);
    }

    public CatalogException(String problem, Throwable cause) {
        this(List.of(problem), cause);
    }

    public CatalogException(List<String> problems) {
        this(problems, null);
    }

    private CatalogException(List<String> problems, Throwable cause) {
        super(String.join("\n", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** The problems found, each one a complete message (file, entry, field). */
    public List<String> problems() {
        return problems;
    }
}
