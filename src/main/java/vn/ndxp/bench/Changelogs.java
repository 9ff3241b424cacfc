package vn.ndxp.bench;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;

/**
 * The size on the broker of an application's changelog topics: the durable copy of its state, which
 * a new instance or a standby replica reads to take a task over.
 */
final class Changelogs {
    private Changelogs() {}

    /** Bytes of every {@code <applicationId>-<store>-changelog} partition on the broker(s). */
    static long bytes(String bootstrap, String applicationId) throws InterruptedException {
        // Store names start with a letter: "bench-topology-2-..." is another application's.
        Pattern changelog = Pattern.compile(Pattern.quote(applicationId) + "-[a-z][a-z0-9-]*-changelog");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(n -> n.id()).toList();
            long bytes = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions()
                    .get(30, TimeUnit.SECONDS).values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (var replica : dir.replicaInfos().entrySet()) {
                        if (changelog.matcher(replica.getKey().topic()).matches()) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
            return bytes;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the changelogs' sizes: " + e, e);
        }
    }
}
