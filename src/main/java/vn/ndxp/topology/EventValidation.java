package vn.ndxp.topology;

import vn.ndxp.model.avro.DataExchangeEvent;

/** Field rules an event must meet to be counted; a broken rule rejects the event with its reason. */
final class EventValidation {
    private EventValidation() {}

    static void check(DataExchangeEvent e) {
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
        if (e.getRequestTime().toEpochMilli() <= 0) {
            throw new EventClassifier.Rejection("invalid-time",
                    "invalid-time: event " + e.getEventId() + " has requestTime " + e.getRequestTime());
        }
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new EventClassifier.Rejection("missing-field", "missing-field: " + field + " is empty");
        }
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new EventClassifier.Rejection("negative-value", "negative-value: " + field + " is " + value);
        }
    }
}
