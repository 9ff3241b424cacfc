package vn.ndxp.http;

/**
 * How a server writes its errors, so that every error of a server has the same form, whether the
 * endpoint, the router (404, 405, a bad escape, a body too large) or Jetty itself (a malformed
 * request line, headers too large) found it.
 */
public interface Errors {
    /** The body of an error answer with this status. */
    Reply reply(int status, String message);

    /** The answer for an exception of this server's own kinds, or null for the server's fault (a 500). */
    default Reply reply(Exception e) {
        return null;
    }
}
