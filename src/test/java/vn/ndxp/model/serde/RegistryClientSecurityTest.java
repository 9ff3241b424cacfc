package vn.ndxp.model.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.ndxp.http.BasicAuth;
import vn.ndxp.http.HttpService;
import vn.ndxp.model.avro.AgencyDailyCount;
import vn.ndxp.model.avro.DataExchangeEvent;
import vn.ndxp.runtime.Ports;
import vn.ndxp.runtime.registry.EmbeddedSchemaRegistry;
import vn.ndxp.testing.Http;
import vn.ndxp.testing.KeyStores;

/**
 * The registry client with Confluent's settings for basic authentication and TLS, against the
 * embedded registry secured the same ways; and that no password shows in what it says.
 */
class RegistryClientSecurityTest {
    private static final String PASSWORD = "s3cr3t-Pa55";
    private static final String STORE_PASSWORD = "store-Pa55word";

    @TempDir
    static Path stores;
    static KeyStores keys;

    @TempDir
    Path dataDir;
    private EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void generateKeys() {
        keys = KeyStores.generate(stores, STORE_PASSWORD);
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private String withBasicAuth() {
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir, BasicAuth.of("test", Map.of("alice", PASSWORD)), null);
        return registry.url();
    }

    private String withTls(HttpService.Tls tls) {
        registry = EmbeddedSchemaRegistry.start("127.0.0.1", 0, dataDir, null, tls);
        return registry.url();
    }

    @Test
    void userInfoCredentialsAreSentAsConfluentsClientSendsThem() {
        String url = withBasicAuth();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url,
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:" + PASSWORD));

        int id = client.register("events-value", DataExchangeEvent.SCHEMA$);
        assertThat(new RestSchemaRegistryClient(url, Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:" + PASSWORD)).schemaById(id)).isEqualTo(DataExchangeEvent.SCHEMA$);
        client.checkAccess();
    }

    @Test
    void thePrefixedNamesWinAsInConfluentsClient() {
        String url = withBasicAuth();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url, Map.of(
                "schema.registry.basic.auth.credentials.source", "USER_INFO", "basic.auth.credentials.source", "URL",
                "schema.registry.basic.auth.user.info", "alice:" + PASSWORD, "basic.auth.user.info", "alice:wrong"));

        assertThat(client.register("events-value", DataExchangeEvent.SCHEMA$)).isPositive();
    }

    @Test
    void urlCredentialsAreTakenFromTheUrlAndKeptOutOfItsMessages() {
        String url = withBasicAuth();
        String withCredentials = url.replace("http://", "http://alice:" + PASSWORD + "@");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(withCredentials,
                Map.of("basic.auth.credentials.source", "URL"));

        assertThat(client.register("events-value", DataExchangeEvent.SCHEMA$)).isPositive();
        assertThat(client.baseUrl()).isEqualTo(url);
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(4242));
        assertThat(e.getMessage()).contains(url).doesNotContain(PASSWORD);
    }

    @Test
    void aRefusedOrMissingPasswordIsOneMessageThatSaysWhichAndNamesNoPassword() {
        String url = withBasicAuth();
        RestSchemaRegistryClient wrong = new RestSchemaRegistryClient(url,
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:not-" + PASSWORD));
        SchemaRegistryException refused = catchThrowableOfType(SchemaRegistryException.class,
                () -> wrong.register("events-value", DataExchangeEvent.SCHEMA$));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.getMessage())
                .startsWith("Registering a schema under subject \"events-value\" at schema registry " + url + " failed: HTTP 401")
                .contains("refused the password of user \"alice\"")
                .doesNotContain(PASSWORD).doesNotContain("\n");
        assertThatThrownBy(wrong::checkAccess).isInstanceOf(SchemaRegistryException.class);

        SchemaRegistryException none = catchThrowableOfType(SchemaRegistryException.class,
                () -> new RestSchemaRegistryClient(url).schemaById(1));
        assertThat(none.status()).as("not a 404: the id is not looked up for a stranger").isEqualTo(401);
        assertThat(none.getMessage()).contains("set basic.auth.credentials.source=USER_INFO and basic.auth.user.info");

        HttpResponse<String> raw = Http.get(url + "/no/such/path");
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(raw.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"test\", charset=\"UTF-8\"");
        assertThat(raw.body()).contains("\"error_code\":401");
    }

    @Test
    void aRegistryThatDoesNotAnswerPassesTheAccessCheck() {
        new RestSchemaRegistryClient("http://127.0.0.1:" + Ports.free("127.0.0.1"),
                Map.of("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "alice:" + PASSWORD)).checkAccess();
    }

    @Test
    void settingsThatCannotWorkAreRefusedUpFrontWithoutTheirSecrets() {
        String url = "http://127.0.0.1:8081";
        assertThatThrownBy(() -> new RestSchemaRegistryClient(url, Map.of("basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("basic.auth.user.info is not set");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(url, Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", PASSWORD)))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("user:password")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> new RestSchemaRegistryClient(url, Map.of("basic.auth.credentials.source", "URL")))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("has no user:password@");
        assertThatThrownBy(() -> new RestSchemaRegistryClient(url, Map.of("basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("USER_INFO or URL");
        assertThatThrownBy(() -> new RestSchemaRegistryClient("ftp://alice:" + PASSWORD + "@registry:8081", Map.of()))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("ftp://registry:8081")
                .hasMessageNotContaining(PASSWORD);
        assertThat(RegistryClientConfig.of(url, Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "alice:" + PASSWORD)))
                .hasToString("RegistryClientConfig[" + url + ", user alice]");
        assertThat(BasicAuth.of("test", Map.of("alice", PASSWORD)).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void anHttpsRegistryIsTrustedFromTheTruststoreOfTheSettings() {
        String url = withTls(HttpService.Tls.of(keys.serverKeyStore(), STORE_PASSWORD));
        assertThat(url).startsWith("https://127.0.0.1:");

        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url, trustingTheServer());
        int id = client.register("counts-value", AgencyDailyCount.SCHEMA$);
        assertThat(client.schemaById(id)).isEqualTo(AgencyDailyCount.SCHEMA$);

        // Without it the JDK's own trusted certificates do not know the server's.
        SchemaRegistryException untrusted = catchThrowableOfType(SchemaRegistryException.class,
                () -> new RestSchemaRegistryClient(url).register("counts-value", AgencyDailyCount.SCHEMA$));
        assertThat(untrusted.getMessage()).startsWith("Registering a schema under subject \"counts-value\" failed: TLS with"
                + " schema registry " + url + " failed (see schema.registry.ssl.*)");
    }

    @Test
    void aRegistryThatWantsAClientCertificateGetsTheOneOfTheKeystore() {
        String url = withTls(new HttpService.Tls(keys.serverKeyStore(), STORE_PASSWORD, keys.serverTrustStore(),
                STORE_PASSWORD));
        Map<String, Object> withKey = new HashMap<>(trustingTheServer());
        withKey.put("schema.registry.ssl.keystore.location", keys.clientKeyStore().toString());
        withKey.put("schema.registry.ssl.keystore.password", STORE_PASSWORD);
        withKey.put("schema.registry.ssl.key.password", STORE_PASSWORD);

        assertThat(new RestSchemaRegistryClient(url, withKey).register("counts-value", AgencyDailyCount.SCHEMA$)).isPositive();
        assertThatThrownBy(() -> new RestSchemaRegistryClient(url, trustingTheServer())
                .register("counts-value", AgencyDailyCount.SCHEMA$))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining(url);
    }

    @Test
    void unusableTlsSettingsNameTheFileButNotThePassword() {
        Map<String, Object> wrongPassword = new HashMap<>(trustingTheServer());
        wrongPassword.put("schema.registry.ssl.truststore.password", "not-" + STORE_PASSWORD);
        assertThatThrownBy(() -> RegistryClientConfig.of("https://127.0.0.1:8081", wrongPassword))
                .isInstanceOf(RegistryConfigException.class)
                .hasMessageContaining(keys.clientTrustStore().toString())
                .hasMessageNotContaining(STORE_PASSWORD);

        Map<String, Object> noHostCheck = new HashMap<>(trustingTheServer());
        noHostCheck.put("schema.registry.ssl.endpoint.identification.algorithm", "");
        assertThatThrownBy(() -> RegistryClientConfig.of("https://127.0.0.1:8081", noHostCheck))
                .isInstanceOf(RegistryConfigException.class).hasMessageContaining("host name is always checked");

        RegistryClientConfig config = RegistryClientConfig.of("https://127.0.0.1:8081", trustingTheServer());
        assertThat(config.sslContext()).isNotNull();
        assertThat(config.toString()).doesNotContain(STORE_PASSWORD);
        assertThat(RegistryClientConfig.of("https://127.0.0.1:8081", Map.of("ssl.truststore.location", "/nonexistent"))
                .sslContext()).as("Kafka's own ssl.* settings are the brokers', not the registry's").isNull();
    }

    /** Confluent's names for a trust store of another type than the default. */
    private static Map<String, Object> trustingTheServer() {
        return Map.of("schema.registry.ssl.truststore.location", keys.clientTrustStore().toString(),
                "schema.registry.ssl.truststore.password", STORE_PASSWORD,
                "schema.registry.ssl.truststore.type", "JKS");
    }
}
