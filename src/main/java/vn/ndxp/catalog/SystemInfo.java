package vn.ndxp.catalog;

import java.util.List;
import java.util.Objects;

/**
 * An information system or database connected to the platform; it belongs to one agency. It is a
 * <em>provider</em> when it exposes services and a <em>consumer</em> when it has a consumer weight;
 * it can be both.
 *
 * @param index          compact index 0..n-1, in file order ({@link Catalog#systemAt(int)})
 * @param code           ASCII code, {@code ^[A-Z][A-Z0-9_]{1,31}$}, unique
 * @param agencyCode     the owning agency's code
 * @param agencyIndex    the owning agency's index
 * @param kind           what kind of system it is
 * @param nameVi         Vietnamese name, with diacritics
 * @param nameEn         English name
 * @param consumerWeight relative share of the calling side; 0 when the system never calls
 * @param services       the services it exposes, in file order; empty for a pure consumer
 */
public record SystemInfo(int index, String code, String agencyCode, int agencyIndex, SystemKind kind,
                         String nameVi, String nameEn, double consumerWeight, List<Service> services) {
    public SystemInfo {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(agencyCode, "agencyCode");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(nameVi, "nameVi");
        Objects.requireNonNull(nameEn, "nameEn");
        services = List.copyOf(services);
    }

    /** Whether the system exposes at least one service. */
    public boolean isProvider() {
        return !services.isEmpty();
    }

    /** Whether the system calls services (its consumer weight is positive). */
    public boolean isConsumer() {
        return consumerWeight > 0;
    }

    /** The sum of its services' weights (0 for a pure consumer). */
    public double totalServiceWeight() {
        double sum = 0;
        for (Service s : services) {
            sum += s.weight();
        }
        return sum;
    }
}
