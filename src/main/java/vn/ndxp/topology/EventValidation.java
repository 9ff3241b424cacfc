package vn.ndxp.topology;

import java.time.Instant;
import vn.ndxp.model.RejectReason;
import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * The rules a decoded event must meet to be counted, checked in a fixed order so that an event
 * with several faults always gets the same reason: required fields, then numbers, then time, then
 * catalog codes. A broken rule throws a {@link EventClassifier.Rejection} with its reason.
 */
final class EventValidation {
    private static final int MAX_SHOWN = 64;

    private final InputRules rules;
    private final long notBeforeMs;
    private final long maxAheadMs;

    EventValidation(InputRules rules) {
        this.rules = rules;
        this.notBeforeMs = rules.notBeforeMillis();
        this.maxAheadMs = rules.maxAhead().toMillis();
    }

    /** @param wallClockMs the processing wall clock, against which "in the future" is judged */
    void check(DataExchangeEvent e, long wallClockMs) {
        required("eventId", e.getEventId());
        required("consumerAgency", e.getConsumerAgency());
        required("consumerSystem", e.getConsumerSystem());
        required("providerAgency", e.getProviderAgency());
        required("providerSystem", e.getProviderSystem());
        required("serviceCode", e.getServiceCode());
        required("gateway", e.getGateway());
        notNegative("durationMs", e.getDurationMs());
        notNegative("requestBytes", e.getRequestBytes());
        notNegative("responseBytes", e.getResponseBytes());
        time(e, wallClockMs);
        codes(e);
    }

    private void time(DataExchangeEvent e, long wallClockMs) {
        long t = e.getRequestTime().toEpochMilli();
        if (t < notBeforeMs) {
            throw reject(RejectReason.BEFORE_PLATFORM, "requestTime " + e.getRequestTime() + " is before "
                    + rules.notBefore() + " (local), before the platform existed");
        }
        if (t - wallClockMs > maxAheadMs) {
            throw reject(RejectReason.FUTURE_TIME, "requestTime " + e.getRequestTime() + " is more than "
                    + rules.maxAhead() + " ahead of the clock (" + Instant.ofEpochMilli(wallClockMs) + ")");
        }
    }

    private void codes(DataExchangeEvent e) {
        KnownCodes known = rules.codes();
        agency(known, "consumerAgency", e.getConsumerAgency());
        agency(known, "providerAgency", e.getProviderAgency());
        system(known, "consumerSystem", e.getConsumerSystem(), "consumerAgency", e.getConsumerAgency());
        system(known, "providerSystem", e.getProviderSystem(), "providerAgency", e.getProviderAgency());
        String owner = known.systemOf(e.getServiceCode());
        if (owner == null) {
            throw reject(RejectReason.UNKNOWN_SERVICE, "serviceCode " + shown(e.getServiceCode()) + " is not in the catalog");
        }
        if (!owner.equals(e.getProviderSystem())) {
            throw reject(RejectReason.SERVICE_MISMATCH, "serviceCode " + e.getServiceCode() + " belongs to system "
                    + owner + ", not to providerSystem " + e.getProviderSystem());
        }
    }

    private static void agency(KnownCodes known, String field, String code) {
        if (!known.isAgency(code)) {
            throw reject(RejectReason.UNKNOWN_AGENCY, field + " " + shown(code) + " is not in the catalog");
        }
    }

    private static void system(KnownCodes known, String field, String code, String agencyField, String agency) {
        String owner = known.agencyOf(code);
        if (owner == null) {
            throw reject(RejectReason.UNKNOWN_SYSTEM, field + " " + shown(code) + " is not in the catalog");
        }
        if (!owner.equals(agency)) {
            throw reject(RejectReason.AGENCY_MISMATCH, field + " " + code + " belongs to agency " + owner
                    + ", not to " + agencyField + " " + agency);
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw reject(RejectReason.MISSING_FIELD, field + " is empty");
        }
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw reject(RejectReason.NEGATIVE_VALUE, field + " is " + value);
        }
    }

    private static EventClassifier.Rejection reject(RejectReason reason, String detail) {
        return new EventClassifier.Rejection(reason, detail);
    }

    /** A code from the input, quoted and cut short: a hostile producer must not bloat the headers. */
    private static String shown(String value) {
        String v = value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...";
        return '"' + v + '"';
    }
}
