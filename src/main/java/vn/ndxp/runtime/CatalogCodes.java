package vn.ndxp.runtime;

import vn.ndxp.catalog.Agency;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.Service;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.topology.KnownCodes;

/** The codes of a catalog, as the topology checks events against them. */
public final class CatalogCodes {
    private CatalogCodes() {}

    public static KnownCodes from(Catalog catalog) {
        KnownCodes.Builder b = KnownCodes.builder();
        for (Agency a : catalog.agencies()) {
            b.agency(a.code());
        }
        for (SystemInfo s : catalog.systems()) {
            b.system(s.code(), s.agencyCode());
        }
        for (Service svc : catalog.services()) {
            b.service(svc.code(), svc.systemCode());
        }
        return b.build();
    }

    /** The built-in catalog's codes. */
    public static KnownCodes builtIn() {
        return from(CatalogLoader.builtIn());
    }
}
