package vn.ndxp.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.simulator.scenario.Scenario;
import vn.ndxp.simulator.scenario.TimeWindow;

/** The scenarios of one simulation, checked against the catalog and ready to apply. */
final class Drills {
    record SurgeDrill(double factor, TimeWindow window, double share, EventFactory events) {}

    private final List<Scenario.Outage> outages = new ArrayList<>();
    private final List<Scenario.Silence> silences = new ArrayList<>();
    private final List<SurgeDrill> surges = new ArrayList<>();
    private final List<Scenario.ClockSkew> skews = new ArrayList<>();
    private final List<Scenario.Poison> poisons = new ArrayList<>();
    private double lateFraction;
    private long lateDelayMs = 1;
    private double outOfOrderFraction;
    private long maxShiftMs = 1;
    private double duplicateFraction;
    private long maxDuplicateDelayMs = 1;
    private double malformedFraction;

    Drills(Catalog catalog, List<Scenario> scenarios) {
        double totalConsumerWeight = catalog.consumers().stream().mapToDouble(SystemInfo::consumerWeight).sum();
        for (Scenario s : scenarios) {
            if (s instanceof Scenario.Outage o) {
                requireSystem(catalog, o.system(), "outage", SystemInfo::isProvider, "a provider");
                outages.add(o);
            } else if (s instanceof Scenario.Silence q) {
                requireSystem(catalog, q.system(), "silent", SystemInfo::isConsumer, "a consumer");
                silences.add(q);
            } else if (s instanceof Scenario.Surge u) {
                surges.add(surge(catalog, u, totalConsumerWeight));
            } else if (s instanceof Scenario.Late l) {
                lateFraction += l.fraction();
                lateDelayMs = l.delay().toMillis();
            } else if (s instanceof Scenario.OutOfOrder o) {
                outOfOrderFraction += o.fraction();
                maxShiftMs = Math.max(1, o.maxShift().toMillis());
            } else if (s instanceof Scenario.Duplicates d) {
                duplicateFraction += d.fraction();
                maxDuplicateDelayMs = Math.max(1, d.maxDelay().toMillis());
            } else if (s instanceof Scenario.ClockSkew k) {
                requireSystem(catalog, k.system(), "clock-skew", SystemInfo::isConsumer, "a consumer");
                skews.add(k);
            } else if (s instanceof Scenario.Poison p) {
                poisons.add(p);
            } else if (s instanceof Scenario.Malformed m) {
                malformedFraction += m.fraction();
            }
        }
        if (lateFraction + outOfOrderFraction + duplicateFraction + malformedFraction >= 1) {
            throw new IllegalArgumentException("the fractions of late, out-of-order, duplicates and malformed add up to 1 or more");
        }
    }

    private static void requireSystem(Catalog catalog, String code, String scenario,
                                      Predicate<SystemInfo> role, String roleName) {
        SystemInfo system = catalog.system(code).orElseThrow(() -> new IllegalArgumentException(
                "scenario " + scenario + ": unknown system '" + code + "' (see `ndxp catalog`)"));
        if (!role.test(system)) {
            throw new IllegalArgumentException("scenario " + scenario + ": system " + code + " is not " + roleName);
        }
    }

    private static SurgeDrill surge(Catalog catalog, Scenario.Surge s, double totalConsumerWeight) {
        if (s.agency() == null) {
            return new SurgeDrill(s.factor(), s.window(), 1.0, new EventFactory(catalog, SystemInfo::isConsumer));
        }
        if (catalog.agency(s.agency()).isEmpty()) {
            throw new IllegalArgumentException("scenario surge: unknown agency '" + s.agency() + "' (see `ndxp catalog`)");
        }
        double weight = catalog.consumers().stream().filter(c -> c.agencyCode().equals(s.agency()))
                .mapToDouble(SystemInfo::consumerWeight).sum();
        if (weight == 0) {
            throw new IllegalArgumentException("scenario surge: agency " + s.agency() + " has no consumer system");
        }
        return new SurgeDrill(s.factor(), s.window(), weight / totalConsumerWeight,
                new EventFactory(catalog, c -> c.isConsumer() && c.agencyCode().equals(s.agency())));
    }

    boolean silenced(DataExchangeEvent e, long t) {
        for (Scenario.Silence s : silences) {
            if (s.system().equals(e.getConsumerSystem()) && s.window().contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** During an outage every call to the system fails fast or hangs until the caller's timeout. */
    void applyOutage(DataExchangeEvent e, long t) {
        for (Scenario.Outage o : outages) {
            if (o.system().equals(e.getProviderSystem()) && o.window().contains(t)) {
                if (o.mode() == Scenario.Outage.Mode.TIMEOUT) {
                    e.setStatus(ExchangeStatus.TIMEOUT);
                    e.setDurationMs(ServiceModel.DEFAULT_TIMEOUT_MS);
                    e.setResponseBytes(0);
                } else {
                    e.setStatus(ExchangeStatus.PROVIDER_ERROR);
                    e.setDurationMs(Math.min(e.getDurationMs(), 50));
                    e.setResponseBytes(250);
                }
                return;
            }
        }
    }

    /** A skewed system's event says it happened at its true time {@code t} plus the skew. */
    void applyClockSkew(DataExchangeEvent e, long t) {
        for (Scenario.ClockSkew k : skews) {
            if (k.system().equals(e.getConsumerSystem()) && k.window().contains(t)) {
                e.setRequestTime(Instant.ofEpochMilli(t + k.offset().toMillis()));
                return;
            }
        }
    }

    List<Scenario.Poison> poisons() {
        return poisons;
    }

    List<SurgeDrill> surges() {
        return surges;
    }

    double lateFraction() {
        return lateFraction;
    }

    long lateDelayMs() {
        return lateDelayMs;
    }

    double outOfOrderFraction() {
        return outOfOrderFraction;
    }

    long maxShiftMs() {
        return maxShiftMs;
    }

    double duplicateFraction() {
        return duplicateFraction;
    }

    long maxDuplicateDelayMs() {
        return maxDuplicateDelayMs;
    }

    double malformedFraction() {
        return malformedFraction;
    }
}
