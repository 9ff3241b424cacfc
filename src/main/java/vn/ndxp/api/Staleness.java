package vn.ndxp.api;

/**
 * Whether a public answer used stale stores anywhere, and the largest offset lag among them;
 * one per request, filled as its parts come in.
 */
final class Staleness {
    /** The response header of an answer that used a standby's stores. */
    static final String HEADER = "Ndxp-Stale";

    private boolean stale;
    private Long offsetLag;

    synchronized void add(Answer<?> answer) {
        if (answer.stale()) {
            stale = true;
            if (answer.offsetLag() != null) {
                offsetLag = offsetLag == null ? answer.offsetLag() : Math.max(offsetLag, answer.offsetLag());
            }
        }
    }

    synchronized boolean stale() {
        return stale;
    }

    /** The largest offset lag of the stale stores used, or null if none said. */
    synchronized Long offsetLag() {
        return offsetLag;
    }
}
