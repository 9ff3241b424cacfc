package vn.ndxp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.LocalDate;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.ExchangeStatus;
import vn.ndxp.model.avro.Role;
import vn.ndxp.model.serde.ConfluentAvroSerde;
import vn.ndxp.testing.InMemorySchemaRegistry;
import vn.ndxp.topology.state.CommitHookStore;

/**
 * A counting task whose state a version without {@code agency-totals-store} left: its totals are
 * rebuilt from the days kept when it starts, so the counters and today's figures go on from them.
 */
class CountsReporterTest {
    private static final LocalDate MONDAY = LocalDate.of(2024, 4, 22);

    @TempDir
    File stateDir;

    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, AgencyDailyCount> counts;
    private KeyValueStore<String, AgencyTotals> totals;

    /** The counting task's stores, as the reporter finds them. */
    @BeforeEach
    void stores() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(2, 0), stateDir);
        counts = store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.DAILY_COUNTS_STORE), Serdes.String(),
                ConfluentAvroSerde.forValues(new InMemorySchemaRegistry(), AgencyDailyCount.class)));
        totals = store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(Names.AGENCY_TOTALS_STORE), Serdes.String(),
                AgencyTotals.serde()));
        store(CommitHookStore.hookOnly(Names.COUNTS_REPORTER_HOOK));
    }

    @Test
    void totalsAreRebuiltFromTheDaysKeptWhenTheStoreIsNew() {
        counts.put("BCA/provider/2024-04-22", count("BCA", Role.PROVIDER, MONDAY, 5, 1));
        counts.put("BCA/provider/2024-04-23", count("BCA", Role.PROVIDER, MONDAY.plusDays(1), 7, 0));
        counts.put("VPCP/consumer/2024-04-22", count("VPCP", Role.CONSUMER, MONDAY, 12, 1));
        new CountsReporter(new TaskCounters(), 400).init(context);

        AgencyTotals bca = totals.get("BCA/provider");
        assertThat(bca.byStatus()[ExchangeStatus.SUCCESS.ordinal()]).isEqualTo(12);
        assertThat(bca.byStatus()[ExchangeStatus.TIMEOUT.ordinal()]).isEqualTo(1);
        assertThat(bca.newestDay()).isEqualTo(MONDAY.plusDays(1).toEpochDay());
        assertThat(bca.newestTotal()).isEqualTo(7);
        assertThat(totals.get("VPCP/consumer").newestTotal()).isEqualTo(13);
    }

    /** A task restored with its totals keeps them: they also hold the days the retention removed. */
    @Test
    void totalsThatExistAreKept() {
        counts.put("BCA/provider/2024-04-23", count("BCA", Role.PROVIDER, MONDAY.plusDays(1), 7, 0));
        long[] sinceTheFirstDay = new long[ExchangeStatus.values().length];
        sinceTheFirstDay[ExchangeStatus.SUCCESS.ordinal()] = 900;
        totals.put("BCA/provider", AgencyTotals.none().plus(sinceTheFirstDay));

        new CountsReporter(new TaskCounters(), 400).init(context);

        assertThat(totals.get("BCA/provider").byStatus()[ExchangeStatus.SUCCESS.ordinal()]).isEqualTo(900);
    }

    private static AgencyDailyCount count(String agency, Role role, LocalDate date, long success, long timeout) {
        return AgencyDailyCount.newBuilder().setAgency(agency).setRole(role).setDate(date).setTotal(success + timeout)
                .setSuccess(success).setClientError(0).setProviderError(0).setTimeout(timeout).setRejected(0).build();
    }

    @SuppressWarnings("unchecked")
    private <S extends org.apache.kafka.streams.processor.StateStore> S store(StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
