package vn.ndxp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** Which instances answer when active hosts fail, with fake peers: no broker, no streams client. */
class FailoverTest {
    private static final HostInfo SELF = new HostInfo("127.0.0.1", 8080);
    private static final HostInfo A = new HostInfo("127.0.0.1", 8081);
    private static final HostInfo B = new HostInfo("127.0.0.1", 8082);
    private final Failover failover = new Failover(SELF);

    /** Fake peers: each host answers its name and the partitions asked, fails as told, and the calls are kept. */
    private static final class FakePeers implements Failover.Ask<String> {
        final Map<HostInfo, RuntimeException> failing;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        FakePeers(Map<HostInfo, RuntimeException> failing) {
            this.failing = failing;
        }

        @Override
        public CompletableFuture<Answer<String>> ask(HostInfo host, Set<Integer> partitions) {
            String call = host.port() + (partitions == null ? "" : "~" + partitions);
            calls.add(call);
            RuntimeException e = failing.get(host);
            return e != null ? CompletableFuture.failedFuture(e)
                    : CompletableFuture.completedFuture(new Answer<>(call, partitions != null, partitions == null ? null : 7L));
        }
    }

    private static KeyQueryMetadata meta(HostInfo active, int partition, HostInfo... standbys) {
        return new KeyQueryMetadata(active, Set.of(standbys), partition);
    }

    @Test
    void aKeyIsAnsweredByItsActiveHostWhenItAnswers() {
        FakePeers peers = new FakePeers(Map.of());
        Answer<String> answer = failover.one("s", meta(A, 3, B), peers);
        assertThat(answer).isEqualTo(new Answer<>("8081", false, null));
        assertThat(peers.calls).containsExactly("8081");
    }

    @Test
    void aStandbyAnswersStaleWithItsLagWhenTheActiveHostDoesNotOrIsUnknown() {
        for (RuntimeException down : List.of(ApiException.unavailable("instance does not answer"),
                new InvalidStateStoreException("rebalancing"))) {
            FakePeers peers = new FakePeers(Map.of(A, down));
            assertThat(failover.one("s", meta(A, 3, B), peers)).isEqualTo(new Answer<>("8082~[3]", true, 7L));
        }
        FakePeers peers = new FakePeers(Map.of());
        assertThat(failover.one("s", meta(HostInfo.unavailable(), 3, B), peers).stale()).isTrue();
        assertThat(peers.calls).as("an unknown active host is not asked").containsExactly("8082~[3]");
    }

    @Test
    void thisInstanceIsTheFirstStandbyAskedAndTheNextOneIsTriedIfItFails() {
        FakePeers peers = new FakePeers(Map.of(A, ApiException.unavailable("down"), SELF, ApiException.unavailable("restoring")));
        assertThat(failover.one("s", meta(A, 1, B, SELF), peers).value()).isEqualTo("8082~[1]");
        assertThat(peers.calls).containsExactly("8081", "8080~[1]", "8082~[1]");
    }

    @Test
    void anAnswerOtherThanUnavailableIsTheAnswerAndNoStandbyIsAsked() {
        FakePeers peers = new FakePeers(Map.of(A, ApiException.notFound("unknown system")));
        assertThatThrownBy(() -> failover.one("s", meta(A, 1, B), peers)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(404));
        assertThat(peers.calls).containsExactly("8081");
    }

    @Test
    void whenNeitherAnswersItIsA503() {
        FakePeers peers = new FakePeers(Map.of(A, ApiException.unavailable("down"), B, ApiException.unavailable("down")));
        assertThatThrownBy(() -> failover.one("store-x", meta(A, 2, B), peers)).isInstanceOf(ApiException.class)
                .hasMessageContaining("partition 2 of store-x").hasMessageContaining("nor a standby")
                .satisfies(e -> assertThat(((ApiException) e).status).isEqualTo(503));
        assertThatThrownBy(() -> failover.one("s", meta(HostInfo.unavailable(), 2), new FakePeers(Map.of())))
                .hasMessageContaining("not known yet");
    }

    @Test
    void everythingAsksEachActiveHostOnceAndStandbysForThePartitionsOfAFailedOne() {
        FakePeers peers = new FakePeers(Map.of(A, ApiException.unavailable("down")));
        List<KeyQueryMetadata> partitions = List.of(meta(A, 0, B), meta(SELF, 1, A), meta(A, 2, SELF, B),
                meta(B, 3, SELF), meta(HostInfo.unavailable(), 4, B));
        List<Answer<String>> answers = failover.every("s", partitions, peers);
        assertThat(answers).extracting(Answer::value).containsExactlyInAnyOrder("8080", "8082", "8082~[0, 4]", "8080~[2]");
        assertThat(answers).filteredOn(Answer::stale).hasSize(2).allSatisfy(a -> assertThat(a.offsetLag()).isEqualTo(7L));
        assertThat(peers.calls).as("each active host once, then the standbys").hasSize(5).contains("8081");
    }

    @Test
    void everythingIsA503WhenAPartitionHasNeitherAnAnsweringActiveHostNorAStandby() {
        FakePeers peers = new FakePeers(Map.of(A, ApiException.unavailable("down")));
        assertThatThrownBy(() -> failover.every("s", List.of(meta(A, 0, B), meta(A, 1)), peers))
                .hasMessageContaining("partition 1 of s");
        assertThatThrownBy(() -> failover.every("s", List.of(), peers)).hasMessageContaining("no instance hosts s");
    }
}
