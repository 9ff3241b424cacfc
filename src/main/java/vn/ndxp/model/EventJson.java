package vn.ndxp.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * The JSON Lines form of a DataExchangeEvent: one object per line with the schema's field names;
 * requestTime as epoch milliseconds or an ISO-8601 instant, status as its name. Unknown fields are
 * refused so that a typo is reported instead of silently losing a value.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("eventId", "requestTime", "consumerAgency", "consumerSystem",
            "providerAgency", "providerSystem", "serviceCode", "status", "durationMs", "requestBytes",
            "responseBytes", "gateway");

    private EventJson() {}

    /** Parses one line; the exception's message names the field at fault. */
    public static DataExchangeEvent parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\"");
            }
        }
        return DataExchangeEvent.newBuilder()
                .setEventId(text(node, "eventId"))
                .setRequestTime(instant(node))
                .setConsumerAgency(text(node, "consumerAgency"))
                .setConsumerSystem(text(node, "consumerSystem"))
                .setProviderAgency(text(node, "providerAgency"))
                .setProviderSystem(text(node, "providerSystem"))
                .setServiceCode(text(node, "serviceCode"))
                .setStatus(status(node))
                .setDurationMs((int) number(node, "durationMs", Integer.MAX_VALUE))
                .setRequestBytes(number(node, "requestBytes", Long.MAX_VALUE))
                .setResponseBytes(number(node, "responseBytes", Long.MAX_VALUE))
                .setGateway(text(node, "gateway"))
                .build();
    }

    /** One line, without the newline; requestTime as epoch milliseconds. */
    public static String format(DataExchangeEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("eventId", e.getEventId());
        o.put("requestTime", e.getRequestTime().toEpochMilli());
        o.put("consumerAgency", e.getConsumerAgency());
        o.put("consumerSystem", e.getConsumerSystem());
        o.put("providerAgency", e.getProviderAgency());
        o.put("providerSystem", e.getProviderSystem());
        o.put("serviceCode", e.getServiceCode());
        o.put("status", e.getStatus().name());
        o.put("durationMs", e.getDurationMs());
        o.put("requestBytes", e.getRequestBytes());
        o.put("responseBytes", e.getResponseBytes());
        o.put("gateway", e.getGateway());
        return o.toString();
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field \"" + name + "\" is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a string, got " + value);
        }
        return value.asText();
    }

    private static long number(JsonNode node, String name, long max) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() > max) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a whole number up to " + max + ", got " + value);
        }
        return value.asLong();
    }

    private static Instant instant(JsonNode node) {
        JsonNode value = field(node, "requestTime");
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field \"requestTime\" must be epoch milliseconds or an ISO-8601 instant"
                    + " such as 2024-04-24T02:00:00Z, got " + value);
        }
    }

    private static ExchangeStatus status(JsonNode node) {
        String name = text(node, "status");
        try {
            return ExchangeStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field \"status\" must be one of SUCCESS, CLIENT_ERROR, PROVIDER_ERROR,"
                    + " TIMEOUT, REJECTED, got \"" + name + "\"");
        }
    }
}
