package vn.ndxp.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agencies, systems and services connected to the platform: immutable, validated by
 * {@link CatalogLoader}. Agencies, systems and services each have a compact index 0..n-1 in file
 * order, so that code can turn codes into small ints ({@link #agencyIndex(String)}) and back
 * ({@link #agencyAt(int)}).
 */
public final class Catalog {
    private final String source;
    private final List<Agency> agencies;
    private final List<SystemInfo> systems;
    private final List<Service> services;
    private final List<SystemInfo> providers;
    private final List<SystemInfo> consumers;
    private final Map<String, Integer> agencyIndex;
    private final Map<String, Integer> systemIndex;
    private final Map<String, Integer> serviceIndex;
    private final Map<String, List<SystemInfo>> systemsByAgency;

    /** Built by {@link CatalogLoader} from validated entries (indices match positions). */
    Catalog(String source, List<Agency> agencies, List<SystemInfo> systems) {
        this.source = source;
        this.agencies = List.copyOf(agencies);
        this.systems = List.copyOf(systems);
        this.agencyIndex = indexOf(this.agencies.stream().map(Agency::code).toList(), "agency");
        this.systemIndex = indexOf(this.systems.stream().map(SystemInfo::code).toList(), "system");
        List<Service> allServices = new ArrayList<>();
        List<SystemInfo> p = new ArrayList<>();
        List<SystemInfo> c = new ArrayList<>();
        Map<String, List<SystemInfo>> byAgency = new LinkedHashMap<>();
        for (Agency a : this.agencies) {
            byAgency.put(a.code(), new ArrayList<>());
        }
        for (int i = 0; i < this.systems.size(); i++) {
            SystemInfo s = this.systems.get(i);
            check(s.index() == i, "system " + s.code() + " has index " + s.index() + " at position " + i);
            Integer a = agencyIndex.get(s.agencyCode());
            check(a != null && a == s.agencyIndex(), "system " + s.code() + ": agency " + s.agencyCode() + " / " + s.agencyIndex());
            for (Service svc : s.services()) {
                check(svc.index() == allServices.size() && svc.systemIndex() == i && svc.systemCode().equals(s.code())
                        && svc.agencyIndex() == s.agencyIndex(), "service " + svc.code() + " is not indexed consistently");
                allServices.add(svc);
            }
            if (s.isProvider()) {
                p.add(s);
            }
            if (s.isConsumer()) {
                c.add(s);
            }
            byAgency.get(s.agencyCode()).add(s);
        }
        for (int i = 0; i < this.agencies.size(); i++) {
            check(this.agencies.get(i).index() == i, "agency " + this.agencies.get(i).code() + " has index "
                    + this.agencies.get(i).index() + " at position " + i);
        }
        this.services = List.copyOf(allServices);
        this.serviceIndex = indexOf(this.services.stream().map(Service::code).toList(), "service");
        this.providers = List.copyOf(p);
        this.consumers = List.copyOf(c);
        Map<String, List<SystemInfo>> frozen = new HashMap<>();
        byAgency.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.systemsByAgency = Collections.unmodifiableMap(frozen);
    }

    private static Map<String, Integer> indexOf(List<String> codes, String what) {
        Map<String, Integer> m = new HashMap<>(codes.size() * 2);
        for (int i = 0; i < codes.size(); i++) {
            check(m.put(codes.get(i), i) == null, "duplicate " + what + " code " + codes.get(i));
        }
        return Collections.unmodifiableMap(m);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent catalog: " + message);
        }
    }

    /** Where the catalog came from (a file path, or {@code classpath:...} for the built-in one). */
    public String source() {
        return source;
    }

    /** All agencies, in file order (position = index). */
    public List<Agency> agencies() {
        return agencies;
    }

    /** All systems, in file order (position = index). */
    public List<SystemInfo> systems() {
        return systems;
    }

    /** All services of all systems, in file order (position = index). */
    public List<Service> services() {
        return services;
    }

    /** The systems that expose at least one service, in file order. */
    public List<SystemInfo> providers() {
        return providers;
    }

    /** The systems that call services (consumer weight &gt; 0), in file order. */
    public List<SystemInfo> consumers() {
        return consumers;
    }

    public Optional<Agency> agency(String code) {
        Integer i = agencyIndex.get(code);
        return i == null ? Optional.empty() : Optional.of(agencies.get(i));
    }

    public Optional<SystemInfo> system(String code) {
        Integer i = systemIndex.get(code);
        return i == null ? Optional.empty() : Optional.of(systems.get(i));
    }

    public Optional<Service> service(String code) {
        Integer i = serviceIndex.get(code);
        return i == null ? Optional.empty() : Optional.of(services.get(i));
    }

    /** The agency's compact index 0..agencyCount()-1, or -1 if the code is unknown. */
    public int agencyIndex(String code) {
        Integer i = agencyIndex.get(code);
        return i == null ? -1 : i;
    }

    /** The system's compact index 0..systemCount()-1, or -1 if the code is unknown. */
    public int systemIndex(String code) {
        Integer i = systemIndex.get(code);
        return i == null ? -1 : i;
    }

    /** The service's compact index 0..serviceCount()-1, or -1 if the code is unknown. */
    public int serviceIndex(String code) {
        Integer i = serviceIndex.get(code);
        return i == null ? -1 : i;
    }

    /** @throws IndexOutOfBoundsException unless 0 &lt;= index &lt; agencyCount() */
    public Agency agencyAt(int index) {
        return agencies.get(index);
    }

    /** @throws IndexOutOfBoundsException unless 0 &lt;= index &lt; systemCount() */
    public SystemInfo systemAt(int index) {
        return systems.get(index);
    }

    /** @throws IndexOutOfBoundsException unless 0 &lt;= index &lt; serviceCount() */
    public Service serviceAt(int index) {
        return services.get(index);
    }

    public int agencyCount() {
        return agencies.size();
    }

    public int systemCount() {
        return systems.size();
    }

    public int serviceCount() {
        return services.size();
    }

    /** The agency's systems in file order; empty for an unknown code. */
    public List<SystemInfo> systemsOf(String agencyCode) {
        return systemsByAgency.getOrDefault(agencyCode, List.of());
    }

    /** The agency owning a system of this catalog. */
    public Agency agencyOf(SystemInfo system) {
        return agencies.get(system.agencyIndex());
    }

    /** The provider system of a service of this catalog. */
    public SystemInfo providerOf(Service service) {
        return systems.get(service.systemIndex());
    }

    @Override
    public String toString() {
        return "Catalog[" + source + ": " + agencies.size() + " agencies, " + systems.size() + " systems, "
                + services.size() + " services]";
    }
}
