package vn.ndxp.cli;

import picocli.CommandLine.IVersionProvider;
import vn.ndxp.metrics.export.BuildInfo;

/** The version and commit the build wrote into the jar, and the Kafka client it runs. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo b = BuildInfo.current();
        return new String[] {"ndxp " + b.version() + " (commit " + b.commit() + "), Kafka " + b.kafkaVersion()
                + ", Java " + b.javaVersion()};
    }
}
