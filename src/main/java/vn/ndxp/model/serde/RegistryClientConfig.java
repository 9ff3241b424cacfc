package vn.ndxp.model.serde;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * How {@link RestSchemaRegistryClient} reaches its registry: the URL, the credentials and the TLS
 * settings, read under the property names of Confluent's own client, so that the properties of a
 * Confluent {@code KafkaAvroSerializer} work unchanged:
 * <ul>
 *   <li>{@code basic.auth.credentials.source}: {@code USER_INFO} (the credentials are
 *       {@code basic.auth.user.info}, {@code user:password}) or {@code URL} (they are the user info
 *       of the registry's URL, {@code https://user:password@host}); unset, no credentials are sent;</li>
 *   <li>{@code schema.registry.ssl.*}: Kafka's client TLS settings ({@code ssl.truststore.location},
 *       {@code .password}, {@code .type}, {@code ssl.keystore.*}, {@code ssl.key.password}, ...) for
 *       an HTTPS registry, read by Kafka's own code, so PKCS12, JKS and PEM stores work as in a Kafka
 *       client; unset, the JDK's trusted certificates.</li>
 * </ul>
 * As in Confluent's client the first two may carry the {@code schema.registry.} prefix too, and the
 * prefixed name wins. Every other property (Kafka's own) is ignored.
 *
 * <p>The credentials stay in here: not in {@link #url()}, {@link #toString()} or an exception message.
 */
public final class RegistryClientConfig {
    /** The prefix of the registry client's own settings among Kafka's. */
    public static final String PREFIX = "schema.registry.";
    /** The registry's URL among the properties of Confluent's serializer. */
    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";

    private final String url;
    private final String user;
    private final String authorization;
    private final SSLContext sslContext;

    private RegistryClientConfig(String url, String user, String authorization, SSLContext sslContext) {
        this.url = url;
        this.user = user;
        this.authorization = authorization;
        this.sslContext = sslContext;
    }

    /**
     * @param url        the registry's base URL; a trailing slash is ignored
     * @param properties client properties, Kafka's among them
     * @throws RegistryConfigException if a setting is missing, unknown or unusable
     */
    public static RegistryClientConfig of(String url, Map<String, ?> properties) {
        URI uri = parse(url);
        String userInfo = userInfo(uri, properties);
        String authorization = null;
        String user = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon <= 0) {
                throw new RegistryConfigException("The registry credentials (" + CREDENTIALS_SOURCE + ") must be user:password");
            }
            user = userInfo.substring(0, colon);
            authorization = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        }
        String plain = withoutUserInfo(url).replaceAll("/+$", "");
        return new RegistryClientConfig(plain, user, authorization, sslContext(properties));
    }

    /** The base URL, without credentials or a trailing slash: what messages name. */
    public String url() {
        return url;
    }

    /** The user whose credentials are sent, or null if none are. */
    public String user() {
        return user;
    }

    /** The value of the {@code Authorization} header, or null. */
    String authorization() {
        return authorization;
    }

    /** The TLS settings of {@code schema.registry.ssl.*}, or null for the JDK's defaults. */
    public SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public String toString() {
        return "RegistryClientConfig[" + url + (user == null ? "" : ", user " + user)
                + (sslContext == null ? "" : ", schema.registry.ssl.*") + "]";
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, without the URL's user info
        }
        throw new RegistryConfigException("The schema registry URL " + withoutUserInfo(url)
                + " is not an http:// or https:// URL with a host");
    }

    private static String withoutUserInfo(String url) {
        return url.replaceFirst("(?<=//)[^/?#]*@", "");
    }

    /** user:password as the credentials source says, or null for none. */
    private static String userInfo(URI uri, Map<String, ?> properties) {
        String source = setting(properties, CREDENTIALS_SOURCE);
        switch (source == null ? "" : source.trim().toUpperCase(Locale.ROOT)) {
            case "":
                return null;
            case "USER_INFO":
                String userInfo = setting(properties, USER_INFO);
                if (userInfo == null || userInfo.isEmpty()) {
                    throw new RegistryConfigException(CREDENTIALS_SOURCE + " is USER_INFO, but " + USER_INFO + " is not set");
                }
                return userInfo;
            case "URL":
                if (uri.getUserInfo() == null) {
                    throw new RegistryConfigException(CREDENTIALS_SOURCE + " is URL, but the schema registry URL "
                            + withoutUserInfo(uri.toString()) + " has no user:password@");
                }
                return uri.getUserInfo();
            default:
                throw new RegistryConfigException(CREDENTIALS_SOURCE + "=" + source + " is not supported: USER_INFO or URL");
        }
    }

    /** The prefixed setting if given, as Confluent's client reads it, else the plain one. */
    private static String setting(Map<String, ?> properties, String name) {
        Object value = properties.get(PREFIX + name);
        if (value == null) {
            value = properties.get(name);
        }
        return value == null ? null : value.toString();
    }

    /** An SSLContext built by Kafka's own code from the {@code schema.registry.ssl.*} settings, or null if there are none. */
    private static SSLContext sslContext(Map<String, ?> properties) {
        Map<String, Object> ssl = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX + "ssl.")) {
                ssl.put(key.substring(PREFIX.length()), value);
            }
        });
        if (ssl.isEmpty()) {
            return null;
        }
        Object hostCheck = ssl.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
        if (hostCheck != null && hostCheck.toString().isBlank()) {
            // The JDK's HTTP client always checks the host name; better to say so than to pretend.
            throw new RegistryConfigException(PREFIX + SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG
                    + " is empty, but the registry's host name is always checked against its certificate:"
                    + " use a certificate that names the host");
        }
        try {
            DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
            factory.configure(new ConfigDef().withClientSslSupport().parse(ssl));
            return factory.sslContext();
        } catch (KafkaException e) {
            // Kafka's messages name files and types, never passwords.
            throw new RegistryConfigException("Cannot use the " + PREFIX + "ssl.* settings: " + e.getMessage()
                    + (e.getCause() == null || e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage()));
        }
    }
}
