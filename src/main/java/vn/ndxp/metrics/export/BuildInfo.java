package vn.ndxp.metrics.export;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What this build is: {@code ndxp_build_info{version,commit,kafka_version,java_version} 1}, the
 * Prometheus convention for telling instances and deploys apart ({@code group_left} joins it onto
 * any series; a change of {@code commit} marks a deploy on a dashboard), and {@code ndxp -V}.
 *
 * @param commit the abbreviated git commit of the build, {@code unknown} if built outside a checkout
 */
public record BuildInfo(String version, String commit, String kafkaVersion, String javaVersion) implements MeterBinder {
    private static final String RESOURCE = "/vn/ndxp/build.properties";

    /** This build's, from the description the build wrote into the jar. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")), AppInfoParser.getVersion(),
                System.getProperty("java.version"));
    }

    /** Empty, or an unfiltered placeholder when run from an IDE without the build's filtering. */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ndxp.build.info", () -> 1)
                .description("1, with the build's version and commit and the Kafka client and Java versions as labels")
                .tags("version", version, "commit", commit, "kafka_version", kafkaVersion, "java_version", javaVersion)
                .strongReference(true)
                .register(registry);
    }
}
