package vn.ndxp.topology;

import vn.ndxp.model.avro.DataExchangeEvent;

/**
 * An input record after classification: a valid event to count, or the original bytes of a late
 * or rejected one to pass on unchanged. Lives only between two processors, never serialized.
 */
record Classified(Kind kind, DataExchangeEvent event, byte[] original) {
    enum Kind { VALID, LATE, REJECTED }

    static Classified valid(DataExchangeEvent event) {
        return new Classified(Kind.VALID, event, null);
    }

    static Classified late(byte[] original) {
        return new Classified(Kind.LATE, null, original);
    }

    static Classified rejected(byte[] original) {
        return new Classified(Kind.REJECTED, null, original);
    }
}
