package vn.ndxp.catalog;

/** What kind of information system a {@link SystemInfo} is. */
public enum SystemKind {
    /** A national database (cơ sở dữ liệu quốc gia), e.g. the National Population Database. */
    NATIONAL_DATABASE,
    /** A ministry's or sector's specialised database. */
    SECTOR_DATABASE,
    /** A specialised information system of a ministry, sector or province. */
    SECTOR_SYSTEM,
    /** A platform used across the government: VNeID, payment, document exchange, code lists. */
    SHARED_PLATFORM,
    /** The National Public Service Portal, or a ministry's public service portal or app. */
    PUBLIC_SERVICE_PORTAL,
    /** A province's administrative-procedure (one-stop-shop) information system. */
    ONE_STOP_SHOP,
    /** A ministry's or province's integration platform (Local Government Service Platform). */
    LGSP,
    /** An enterprise's own system. */
    ENTERPRISE_SYSTEM
}
