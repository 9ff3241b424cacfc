package vn.ndxp.topology;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agency, system and service codes an event may name, with who owns what: the part of the
 * catalog the topology checks events against. Kept as plain maps here so that the topology does
 * not depend on how a catalog is loaded; {@code runtime.CatalogCodes} builds one from a catalog.
 *
 * <p>Checking codes is also what keeps the metric labels bounded: an agency that is not in the
 * catalog never becomes an {@code agency} label.
 */
public final class KnownCodes {
    private final Set<String> agencies;
    private final Map<String, String> agencyOfSystem;
    private final Map<String, String> systemOfService;

    /** Every code, each one {@code String} instance wherever it appears (see {@link #all()}). */
    private final Collection<String> all;

    private KnownCodes(Set<String> agencies, Map<String, String> agencyOfSystem, Map<String, String> systemOfService) {
        Map<String, String> one = new HashMap<>();
        agencies.forEach(a -> one.putIfAbsent(a, a));
        agencyOfSystem.keySet().forEach(s -> one.putIfAbsent(s, s));
        systemOfService.keySet().forEach(s -> one.putIfAbsent(s, s));
        this.agencies = agencies.stream().map(one::get).collect(Collectors.toUnmodifiableSet());
        this.agencyOfSystem = agencyOfSystem.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> one.get(e.getKey()), e -> one.get(e.getValue())));
        this.systemOfService = systemOfService.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> one.get(e.getKey()), e -> one.get(e.getValue())));
        this.all = Collections.unmodifiableCollection(one.values());
    }

    public static Builder builder() {
        return new Builder();
    }

    boolean isAgency(String code) {
        return agencies.contains(code);
    }

    /** The owning agency of a system, or null for an unknown system. */
    String agencyOf(String system) {
        return agencyOfSystem.get(system);
    }

    /** The provider system of a service, or null for an unknown service. */
    String systemOf(String service) {
        return systemOfService.get(service);
    }

    /**
     * Every agency, system and service code, as the very instances the lookups hold: a decoder that
     * hands these out for the codes it reads ({@code ExchangeEventDeserializer}) makes each lookup
     * find the hash cached and the key identical.
     */
    public Collection<String> all() {
        return all;
    }

    public int agencyCount() {
        return agencies.size();
    }

    @Override
    public String toString() {
        return "KnownCodes[" + agencies.size() + " agencies, " + agencyOfSystem.size() + " systems, "
                + systemOfService.size() + " services]";
    }

    /** Collects codes; a system's agency and a service's system must be added before them. */
    public static final class Builder {
        private final Set<String> agencies = new HashSet<>();
        private final Map<String, String> agencyOfSystem = new HashMap<>();
        private final Map<String, String> systemOfService = new HashMap<>();

        public Builder agency(String code) {
            agencies.add(code);
            return this;
        }

        public Builder system(String code, String agency) {
            if (!agencies.contains(agency)) {
                throw new IllegalArgumentException("system " + code + ": unknown agency " + agency);
            }
            agencyOfSystem.put(code, agency);
            return this;
        }

        public Builder service(String code, String system) {
            if (!agencyOfSystem.containsKey(system)) {
                throw new IllegalArgumentException("service " + code + ": unknown system " + system);
            }
            systemOfService.put(code, system);
            return this;
        }

        public KnownCodes build() {
            return new KnownCodes(agencies, agencyOfSystem, systemOfService);
        }
    }
}
