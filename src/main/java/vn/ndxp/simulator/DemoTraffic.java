package vn.ndxp.simulator;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Simple demo traffic: a few well-known consumer and provider systems, the National Population
 * Database the busiest, mostly successful calls. Deterministic for a seed. The codes are the
 * built-in catalog's, which the streams app checks events against.
 */
public final class DemoTraffic {
    private record Endpoint(String agency, String system, String service) {}

    private static final Endpoint[] CONSUMERS = {
        new Endpoint("VPCP", "VPCP_DVCQG", null),
        new Endpoint("HNI", "HNI_MOTCUA", null),
        new Endpoint("HCM", "HCM_MOTCUA", null),
        new Endpoint("DNG", "DNG_MOTCUA", null),
        new Endpoint("BTP", "BTP_DVC", null),
    };
    /** Providers, the first the heaviest: each is picked with half the chance of the one before. */
    private static final Endpoint[] PROVIDERS = {
        new Endpoint("BCA", "BCA_CSDLQGDC", "BCA_CSDLQGDC_VERIFY_CITIZEN"),
        new Endpoint("BTC", "BTC_THUE_TMS", "BTC_THUE_TMS_TAX_OBLIGATION"),
        new Endpoint("BHXH", "BHXH_CSDLQG_BH", "BHXH_CSDLQG_BH_VERIFY_HEALTH_CARD"),
        new Endpoint("BKHDT", "BKHDT_DKDN", "BKHDT_DKDN_LOOKUP_ENTERPRISE"),
        new Endpoint("BTP", "BTP_HOTICH", "BTP_HOTICH_LOOKUP_BIRTH"),
    };

    private final SplittableRandom random;

    public DemoTraffic(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public DataExchangeEvent next(long requestTimeMillis) {
        Endpoint consumer = CONSUMERS[random.nextInt(CONSUMERS.length)];
        Endpoint provider = PROVIDERS[Math.min(PROVIDERS.length - 1, Long.numberOfTrailingZeros(random.nextLong() | Long.MIN_VALUE))];
        int roll = random.nextInt(1000);
        ExchangeStatus status = roll < 960 ? ExchangeStatus.SUCCESS : roll < 980 ? ExchangeStatus.CLIENT_ERROR
                : roll < 992 ? ExchangeStatus.PROVIDER_ERROR : ExchangeStatus.TIMEOUT;
        return DataExchangeEvent.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setRequestTime(Instant.ofEpochMilli(requestTimeMillis))
                .setConsumerAgency(consumer.agency())
                .setConsumerSystem(consumer.system())
                .setProviderAgency(provider.agency())
                .setProviderSystem(provider.system())
                .setServiceCode(provider.service())
                .setStatus(status)
                .setDurationMs(status == ExchangeStatus.TIMEOUT ? 30_000 : 50 + random.nextInt(400))
                .setRequestBytes(500 + random.nextInt(1500))
                .setResponseBytes(status == ExchangeStatus.SUCCESS ? 1000 + random.nextInt(8000) : 200)
                .setGateway("NDXP")
                .build();
    }
}
