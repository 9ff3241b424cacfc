package vn.ndxp.testing;

import java.time.Instant;
import java.util.UUID;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.CatalogLoader;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Test events with sensible defaults: the agencies' first calling and first providing systems of
 * the built-in catalog, so that the app counts them. An agency the catalog does not know gets
 * made-up codes (and the event is rejected as unknown-agency).
 */
public final class Events {
    private Events() {}

    public static DataExchangeEvent event(String consumerAgency, String providerAgency, Instant at, ExchangeStatus status) {
        Catalog catalog = CatalogLoader.builtIn();
        SystemInfo consumer = catalog.systemsOf(consumerAgency).stream().filter(SystemInfo::isConsumer).findFirst().orElse(null);
        SystemInfo provider = catalog.systemsOf(providerAgency).stream().filter(SystemInfo::isProvider).findFirst().orElse(null);
        return DataExchangeEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setRequestTime(at)
                .setConsumerAgency(consumerAgency)
                .setConsumerSystem(consumer == null ? consumerAgency + "_PORTAL" : consumer.code())
                .setProviderAgency(providerAgency)
                .setProviderSystem(provider == null ? providerAgency + "_DB" : provider.code())
                .setServiceCode(provider == null ? providerAgency + "_LOOKUP" : provider.services().get(0).code())
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
