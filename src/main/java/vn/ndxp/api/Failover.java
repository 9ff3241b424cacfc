package vn.ndxp.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Who answers a question about some partitions of a store: their active host, and if it does not
 * answer (no answer within the deadline, a 503, stores not queryable) or is not known during a
 * rebalance, a standby host from its stale stores. An answer that another instance gave with a
 * status other than 503 (a 404, say) is the answer. A 503 only when neither answers.
 */
final class Failover {
    /** Asks {@code host}: its active stores if {@code partitions} is null, else its stale stores of those partitions. */
    interface Ask<T> {
        CompletableFuture<Answer<T>> ask(HostInfo host, Set<Integer> partitions);
    }

    private final HostInfo self;

    Failover(HostInfo self) {
        this.self = self;
    }

    /** A question that one partition answers, with its place in the group. */
    <T> Answer<T> one(String store, KeyQueryMetadata m, Ask<T> ask) {
        if (known(m.activeHost())) {
            try {
                return Peers.join(ask.ask(m.activeHost(), null));
            } catch (RuntimeException e) {
                if (!unanswered(e)) {
                    throw e;
                }
            }
        }
        RuntimeException last = null;
        for (HostInfo standby : standbys(m, Set.of())) {
            try {
                return Peers.join(ask.ask(standby, Set.of(m.partition())));
            } catch (RuntimeException e) {
                if (!unanswered(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw ApiException.unavailable("partition " + m.partition() + " of " + store + ": neither its active host "
                + (known(m.activeHost()) ? m.activeHost() : "(not known yet)") + " nor a standby answers"
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    /**
     * A question about every partition: each active host is asked at once for all it holds; the
     * partitions of those that do not answer, and of those not known, are asked of their standbys,
     * also at once.
     */
    <T> List<Answer<T>> every(String store, List<KeyQueryMetadata> partitions, Ask<T> ask) {
        if (partitions.isEmpty()) {
            throw ApiException.unavailable("no instance hosts " + store + " yet (starting or rebalancing)");
        }
        Map<HostInfo, List<KeyQueryMetadata>> byActive = new LinkedHashMap<>();
        List<KeyQueryMetadata> orphans = new ArrayList<>();
        for (KeyQueryMetadata m : partitions) {
            if (known(m.activeHost())) {
                byActive.computeIfAbsent(m.activeHost(), h -> new ArrayList<>()).add(m);
            } else {
                orphans.add(m);
            }
        }
        Map<HostInfo, CompletableFuture<Answer<T>>> calls = new LinkedHashMap<>();
        byActive.keySet().forEach(host -> calls.put(host, ask.ask(host, null)));
        List<Answer<T>> answers = new ArrayList<>();
        Set<HostInfo> failed = new TreeSet<>(ORDER);
        for (Map.Entry<HostInfo, CompletableFuture<Answer<T>>> call : calls.entrySet()) {
            try {
                answers.add(Peers.join(call.getValue()));
            } catch (RuntimeException e) {
                if (!unanswered(e)) {
                    throw e;
                }
                failed.add(call.getKey());
                orphans.addAll(byActive.get(call.getKey()));
            }
        }
        Map<HostInfo, Set<Integer>> byStandby = new LinkedHashMap<>();
        for (KeyQueryMetadata m : orphans) {
            HostInfo standby = standbys(m, failed).stream().findFirst().orElseThrow(() -> ApiException.unavailable(
                    "partition " + m.partition() + " of " + store + ": neither its active host "
                            + (known(m.activeHost()) ? m.activeHost() : "(not known yet)") + " nor a standby answers"));
            byStandby.computeIfAbsent(standby, h -> new TreeSet<>()).add(m.partition());
        }
        List<CompletableFuture<Answer<T>>> standbyCalls = new ArrayList<>();
        byStandby.forEach((host, parts) -> standbyCalls.add(ask.ask(host, parts)));
        for (CompletableFuture<Answer<T>> call : standbyCalls) {
            answers.add(Peers.join(call));
        }
        return answers;
    }

    private static final Comparator<HostInfo> ORDER = Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port);

    /** The standbys of a partition but {@code failed}, this instance first (no call over the network). */
    private List<HostInfo> standbys(KeyQueryMetadata m, Set<HostInfo> failed) {
        List<HostInfo> out = new ArrayList<>();
        for (HostInfo h : m.standbyHosts()) {
            if (known(h) && !failed.contains(h)) {
                out.add(h);
            }
        }
        out.sort(Comparator.comparing((HostInfo h) -> !h.equals(self)).thenComparing(ORDER));
        return out;
    }

    /** A host the group knows: not null nor {@link HostInfo#unavailable()}. */
    static boolean known(HostInfo h) {
        return h != null && h.port() >= 0;
    }

    /** A failure that a standby may make up for; other errors are the answer. */
    static boolean unanswered(RuntimeException e) {
        return e instanceof ApiException a ? a.status == 503 : e instanceof InvalidStateStoreException;
    }
}
