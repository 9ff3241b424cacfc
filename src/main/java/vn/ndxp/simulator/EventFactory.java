package vn.ndxp.simulator;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Predicate;
import vn.ndxp.catalog.Catalog;
import vn.ndxp.catalog.Service;
import vn.ndxp.catalog.SystemInfo;
import vn.ndxp.catalog.SystemKind;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.model.avro.ExchangeStatus;

/**
 * Makes one transaction: a consumer system drawn by its consumer weight calls a service drawn by
 * its weight (never one of its own); latency, outcome and sizes follow the service's model; the
 * call is routed by the consumer agency's LGSP when it has one, else by NDXP itself.
 */
final class EventFactory {
    static final String NATIONAL_GATEWAY = "NDXP";

    private final Catalog catalog;
    private final SystemInfo[] consumers;
    private final String[] gateways;
    private final AliasSampler consumerSampler;
    private final ServiceModel[] services;
    private final AliasSampler serviceSampler;

    EventFactory(Catalog catalog, Predicate<SystemInfo> consumerFilter) {
        this.catalog = catalog;
        this.consumers = catalog.consumers().stream().filter(consumerFilter).toArray(SystemInfo[]::new);
        if (consumers.length == 0) {
            throw new IllegalArgumentException("no consumer system matches");
        }
        this.gateways = new String[consumers.length];
        double[] consumerWeights = new double[consumers.length];
        for (int i = 0; i < consumers.length; i++) {
            consumerWeights[i] = consumers[i].consumerWeight();
            gateways[i] = gatewayOf(consumers[i]);
        }
        this.consumerSampler = new AliasSampler(consumerWeights);
        List<Service> all = catalog.services();
        this.services = all.stream().map(ServiceModel::of).toArray(ServiceModel[]::new);
        this.serviceSampler = new AliasSampler(all.stream().mapToDouble(Service::weight).toArray());
    }

    private String gatewayOf(SystemInfo consumer) {
        if (consumer.kind() == SystemKind.LGSP) {
            return consumer.code();
        }
        return catalog.systemsOf(consumer.agencyCode()).stream()
                .filter(s -> s.kind() == SystemKind.LGSP)
                .map(SystemInfo::code)
                .findFirst().orElse(NATIONAL_GATEWAY);
    }

    DataExchangeEvent make(long requestTime, SplittableRandom random) {
        int c = consumerSampler.next(random);
        SystemInfo consumer = consumers[c];
        ServiceModel model;
        do {
            model = services[serviceSampler.next(random)];
        } while (model.service().systemIndex() == consumer.index());
        Service service = model.service();

        int duration = (int) Math.min(Integer.MAX_VALUE, Math.round(Math.exp(model.mu() + model.sigma() * random.nextGaussian())));
        ExchangeStatus status;
        if (duration >= model.timeoutMs()) {
            status = ExchangeStatus.TIMEOUT;
            duration = model.timeoutMs();
        } else {
            status = outcome(random.nextDouble(), model.errorRate());
        }
        long requestBytes = Math.max(64, Math.round(model.requestBytes() * Math.exp(0.25 * random.nextGaussian())));
        long responseBytes = switch (status) {
            case SUCCESS -> Math.max(64, Math.round(model.responseBytes() * Math.exp(0.5 * random.nextGaussian())));
            case TIMEOUT -> 0;
            default -> 200 + random.nextInt(200);
        };
        return DataExchangeEvent.newBuilder()
                .setEventId(uuid(random))
                .setRequestTime(Instant.ofEpochMilli(requestTime))
                .setConsumerAgency(consumer.agencyCode())
                .setConsumerSystem(consumer.code())
                .setProviderAgency(service.agencyCode())
                .setProviderSystem(service.systemCode())
                .setServiceCode(service.code())
                .setStatus(status)
                .setDurationMs(duration)
                .setRequestBytes(requestBytes)
                .setResponseBytes(responseBytes)
                .setGateway(gateways[c])
                .build();
    }

    /** Errors split: half the caller's fault, 40 % the provider's, 10 % refused by the platform. */
    private static ExchangeStatus outcome(double u, double errorRate) {
        if (u >= errorRate) {
            return ExchangeStatus.SUCCESS;
        }
        double share = u / errorRate;
        return share < 0.5 ? ExchangeStatus.CLIENT_ERROR : share < 0.9 ? ExchangeStatus.PROVIDER_ERROR : ExchangeStatus.REJECTED;
    }

    /** A version-4 UUID from the seeded generator, so that a seed fixes the ids too. */
    static String uuid(SplittableRandom random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
