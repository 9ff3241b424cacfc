package vn.ndxp.api;

/**
 * What one instance answered for some partitions of a store: from its active tasks, or from
 * stale stores (a standby, or a task still restoring), then with its offset lag behind the
 * changelog's end if it knows it.
 */
record Answer<T>(T value, boolean stale, Long offsetLag) {
    static <T> Answer<T> fresh(T value) {
        return new Answer<>(value, false, null);
    }
}
