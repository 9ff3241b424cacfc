package vn.ndxp.testing;

import java.time.Instant;
import java.util.UUID;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/** Test events with sensible defaults. */
public final class Events {
    private Events() {}

    public static DataExchangeEvent event(String consumerAgency, String providerAgency, Instant at, ExchangeStatus status) {
        return DataExchangeEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestTime(at)
                .setConsumerAgency(consumerAgency)
                .setConsumerSystem(consumerAgency + "_PORTAL")
                .setProviderAgency(providerAgency)
                .setProviderSystem(providerAgency + "_DB")
                .setServiceCode(providerAgency + "_LOOKUP")
                .setStatus(status)
                .setDurationMs(120)
                .setRequestBytes(800)
                .setResponseBytes(2400)
                .setGateway("NDXP")
                .build();
    }

    public static DataExchangeEvent event(String consumerAgency, String providerAgency, Instant at) {
        return event(consumerAgency, providerAgency, at, ExchangeStatus.SUCCESS);
    }
}
