package vn.ndxp.catalog;

import java.util.Objects;

/**
 * An agency or unit that owns systems: a ministry, a province, an enterprise...
 *
 * @param index  compact index 0..n-1, in file order ({@link Catalog#agencyAt(int)})
 * @param code   stable ASCII code, {@code ^[A-Z][A-Z0-9_]{1,15}$}: the metrics label value
 * @param kind   what kind of body it is
 * @param nameVi Vietnamese name, with diacritics
 * @param nameEn English name
 */
public record Agency(int index, String code, AgencyKind kind, String nameVi, String nameEn) {
    public Agency {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(nameVi, "nameVi");
        Objects.requireNonNull(nameEn, "nameEn");
    }
}
