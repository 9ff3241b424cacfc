package vn.ndxp.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP basic authentication (RFC 7617) against a fixed set of users: a request is let through only
 * with the name and password of one of them. Passwords are kept as SHA-256 digests and compared in
 * constant time; {@link #toString()} names the users, never a password.
 */
public final class BasicAuth {
    private final String realm;
    private final Map<String, byte[]> digests = new TreeMap<>();

    private BasicAuth(String realm, Map<String, String> passwords) {
        if (passwords.isEmpty()) {
            throw new IllegalArgumentException("basic authentication needs at least one user");
        }
        this.realm = realm;
        passwords.forEach((user, password) -> digests.put(user, sha256(password)));
    }

    /** @param passwords each user's password */
    public static BasicAuth of(String realm, Map<String, String> passwords) {
        return new BasicAuth(realm, passwords);
    }

    /** Whether an {@code Authorization} header (null if there was none) names a user with the right password. */
    public boolean allows(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = pair.indexOf(':');
        byte[] expected = colon < 0 ? null : digests.get(pair.substring(0, colon));
        // Digest even for an unknown user, so that the time taken does not tell which users exist.
        byte[] given = sha256(colon < 0 ? pair : pair.substring(colon + 1));
        return MessageDigest.isEqual(expected == null ? new byte[given.length] : expected, given) && expected != null;
    }

    /** The {@code WWW-Authenticate} header of a 401. */
    public String challenge() {
        return "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
    }

    @Override
    public String toString() {
        return "BasicAuth[realm=" + realm + ", users=" + digests.keySet() + "]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
