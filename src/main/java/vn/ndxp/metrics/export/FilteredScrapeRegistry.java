package vn.ndxp.metrics.export;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A Prometheus registry on which a scrape of a few families ({@code /metrics?name[]=...}) reads
 * only those families' meters.
 *
 * <p>Micrometer registers one collector per family name but does not tell the Prometheus registry
 * that name, so a filtered scrape collects every meter (thousands of Kafka client metrics, each
 * with its labels validated) and then drops nearly all of them: a scrape of three series cost
 * about as much as a full one. Here each collector learns its family names the first time it
 * collects something, and is skipped from then on by scrapes that ask for none of them.
 */
public final class FilteredScrapeRegistry extends PrometheusRegistry {
    private final Map<MultiCollector, NamedCollector> wrappers = new ConcurrentHashMap<>();

    /**
     * A Micrometer registry for the Prometheus format whose filtered scrapes cost what they return,
     * with {@code ndxp_build_info} in it: every ndxp process that serves metrics says what it is.
     */
    public static PrometheusMeterRegistry meterRegistry(MeterFilter... filters) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new FilteredScrapeRegistry(),
                Clock.SYSTEM);
        // Before any meter: a filter added later does not apply to the meters already registered.
        for (MeterFilter filter : filters) {
            registry.config().meterFilter(filter);
        }
        BuildInfo.current().bindTo(registry);
        return registry;
    }

    @Override
    public void register(MultiCollector collector) {
        NamedCollector wrapper = new NamedCollector(collector);
        wrappers.put(collector, wrapper);
        super.register(wrapper);
    }

    @Override
    public void unregister(MultiCollector collector) {
        NamedCollector wrapper = wrappers.remove(collector);
        super.unregister(wrapper != null ? wrapper : collector);
    }

    private static final class NamedCollector implements MultiCollector {
        private final MultiCollector delegate;
        /** The family names the collector returned when it last returned any; null before. */
        private volatile List<String> names;

        NamedCollector(MultiCollector delegate) {
            this.delegate = delegate;
        }

        @Override
        public MetricSnapshots collect() {
            return learn(delegate.collect());
        }

        @Override
        public MetricSnapshots collect(PrometheusScrapeRequest request) {
            return learn(delegate.collect(request));
        }

        @Override
        public MetricSnapshots collect(Predicate<String> includedNames) {
            return excludes(includedNames) ? MetricSnapshots.of() : filter(collect(), includedNames);
        }

        @Override
        public MetricSnapshots collect(Predicate<String> includedNames, PrometheusScrapeRequest request) {
            return excludes(includedNames) ? MetricSnapshots.of() : filter(collect(request), includedNames);
        }

        // What the registry asks at registration, to check names and labels: the collector's own answers.
        @Override
        public List<String> getPrometheusNames() {
            return delegate.getPrometheusNames();
        }

        @Override
        public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
            return delegate.getMetricFamilyDescriptors();
        }

        @Override
        public MetricType getMetricType(String prometheusName) {
            return delegate.getMetricType(prometheusName);
        }

        @Override
        public Set<String> getLabelNames(String prometheusName) {
            return delegate.getLabelNames(prometheusName);
        }

        @Override
        public MetricMetadata getMetadata(String prometheusName) {
            return delegate.getMetadata(prometheusName);
        }

        private boolean excludes(Predicate<String> includedNames) {
            List<String> known = names;
            return known != null && known.stream().noneMatch(includedNames);
        }

        private MetricSnapshots learn(MetricSnapshots snapshots) {
            if (snapshots.size() > 0) {
                names = snapshots.stream().map(s -> s.getMetadata().getPrometheusName()).toList();
            }
            return snapshots;
        }

        private static MetricSnapshots filter(MetricSnapshots snapshots, Predicate<String> includedNames) {
            MetricSnapshots.Builder kept = MetricSnapshots.builder();
            for (MetricSnapshot s : snapshots) {
                if (includedNames.test(s.getMetadata().getPrometheusName())) {
                    kept.metricSnapshot(s);
                }
            }
            return kept.build();
        }
    }
}
