package vn.ndxp.simulator.output;

import vn.ndxp.simulator.SimRecord;

/** Where simulated records go: a Kafka topic, a file, or nowhere (a dry run). */
public interface RecordSink extends AutoCloseable {
    void send(SimRecord record);

    /** Records the destination took so far (acknowledged, for Kafka). */
    long delivered();

    /** Records the destination refused. */
    default long failed() {
        return 0;
    }

    @Override
    void close();

    /** A dry run: only the ground truth is tallied. */
    static RecordSink none() {
        return new RecordSink() {
            private long n;

            @Override
            public void send(SimRecord record) {
                n++;
            }

            @Override
            public long delivered() {
                return n;
            }

            @Override
            public void close() {}
        };
    }
}
