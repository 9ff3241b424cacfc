package vn.ndxp.catalog;

import java.util.Objects;

/**
 * An operation a provider system exposes, e.g. the citizen identity check of the National
 * Population Database.
 *
 * @param index       compact index 0..n-1 over the whole catalog, in file order
 * @param code        ASCII code, {@code ^[A-Z][A-Z0-9_]{1,63}$}, unique across the catalog
 * @param nameEn      English name
 * @param systemCode  the provider system's code
 * @param systemIndex the provider system's index
 * @param agencyCode  the provider system's agency code
 * @param agencyIndex the provider system's agency index
 * @param weight      relative popularity (&gt; 0; 1 when the catalog gives none)
 * @param hints       optional latency, timeout, error and size hints
 */
public record Service(int index, String code, String nameEn, String systemCode, int systemIndex,
                      String agencyCode, int agencyIndex, double weight, TrafficHints hints) {
    public Service {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(nameEn, "nameEn");
        Objects.requireNonNull(systemCode, "systemCode");
        Objects.requireNonNull(agencyCode, "agencyCode");
        Objects.requireNonNull(hints, "hints");
    }
}
