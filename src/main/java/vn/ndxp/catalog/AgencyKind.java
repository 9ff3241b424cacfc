package vn.ndxp.catalog;

/** What kind of body an {@link Agency} is (the 2024 structure of the Vietnamese state). */
public enum AgencyKind {
    /** One of the 18 ministries (Bộ). */
    MINISTRY,
    /** A ministerial-level body (cơ quan ngang bộ): UBDT, SBV, TTCP, VPCP. */
    MINISTERIAL_BODY,
    /** An agency under the Government (cơ quan thuộc Chính phủ), e.g. Vietnam Social Security. */
    GOVERNMENT_AGENCY,
    /** One of the 63 provinces and centrally-run cities (the People's Committee). */
    PROVINCE,
    /** A (state-owned) enterprise connected to the platform. */
    ENTERPRISE,
    /** Any other unit: courts, procuracy, state audit, the Office of the National Assembly... */
    OTHER
}
