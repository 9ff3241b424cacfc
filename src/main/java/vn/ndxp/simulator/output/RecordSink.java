package vn.ndxp.simulator.output;

import vn.ndxp.simulator.SimRecord;

/**
 * Where simulated records go: a Kafka topic, a file, or nowhere (a dry run).
 *
 * <p>A record goes in two steps. {@link #prepare} runs on the simulation's own thread, in order,
 * ahead of the sends: the work that does not wait for the pace, such as serializing the record.
 * {@link #send} runs on the sending thread when the pace says so, with what {@code prepare} made.
 * At full speed the sending thread sets the pace, so the less it has left to do, the faster.
 *
 * @param <P> what {@code prepare} makes of a record for its send
 */
public interface RecordSink<P> extends AutoCloseable {
    /** Called on the simulation's thread, for every record, in delivery order. */
    P prepare(SimRecord record);

    /** Called on the sending thread, for every record, in delivery order. */
    void send(SimRecord record, P prepared);

    /** Records the destination took so far (acknowledged, for Kafka). */
    long delivered();

    /** Records the destination refused. */
    default long failed() {
        return 0;
    }

    /**
     * Every record is sent: a file gets its name (until then it is written as {@code .NAME.partial},
     * so that a stop half-way leaves no truncated file); nothing for other sinks.
     */
    default void finish() {}

    @Override
    void close();

    /** A sink with nothing to do for a record before its send. */
    interface Direct extends RecordSink<Void> {
        void send(SimRecord record);

        @Override
        default Void prepare(SimRecord record) {
            return null;
        }

        @Override
        default void send(SimRecord record, Void nothing) {
            send(record);
        }
    }

    /** A dry run: only the ground truth is tallied. */
    static RecordSink<Void> none() {
        return new Direct() {
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
