package vn.ndxp.api;

import java.util.List;
import java.util.Map;

/**
 * A page of a list that grows (flows, alert records): {@code limit} items from {@code offset} of a
 * list in a stable order. {@code next} is the path of the following page, null on the last one.
 */
record Paging(int offset, int limit) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** From the query's {@code offset} (default 0) and {@code limit} (default 100, at most 1000); else a 400. */
    static Paging of(Map<String, List<String>> query) {
        return new Paging(number(query, "offset", 0, 0, Integer.MAX_VALUE),
                number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    private static int number(Map<String, List<String>> query, String name, int byDefault, int min, int max) {
        List<String> values = query.get(name);
        String v = values == null || values.isEmpty() ? "" : values.get(0);
        if (v.isEmpty()) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '"
                + (v.length() <= 64 ? v : v.substring(0, 64) + "...") + "'");
    }

    /** This page of {@code all}. */
    <T> List<T> of(List<T> all) {
        int from = (int) Math.min(offset, all.size());
        return all.subList(from, (int) Math.min((long) from + limit, all.size()));
    }

    /** The following page's path, from {@code pathAndQuery} (which ends in a parameter), or null after the last. */
    String next(String pathAndQuery, int count) {
        long following = (long) offset + limit;
        return following >= count ? null : pathAndQuery + "&offset=" + following + "&limit=" + limit;
    }

    /** The paging of an answer: where this page starts, its size limit, the length of the whole list and the next page. */
    Views.Page page(String pathAndQuery, int count) {
        return new Views.Page(offset, limit, count, next(pathAndQuery, count));
    }
}
