package vn.ndxp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores made by the JDK's own {@code keytool}, for TLS between a test's server and
 * client: a server key for {@code localhost} and 127.0.0.1 (PKCS12), a trust store holding its
 * certificate (JKS, to exercise a store type other than the default), and a client key with a
 * store the server trusts it from (mutual TLS). Every store has the same password.
 */
public record KeyStores(Path serverKeyStore, Path serverTrustStore, Path clientKeyStore, Path clientTrustStore,
                        String password) {

    public static KeyStores generate(Path dir, String password) {
        KeyStores s = new KeyStores(dir.resolve("server.p12"), dir.resolve("clients.p12"), dir.resolve("client.p12"),
                dir.resolve("truststore.jks"), password);
        keyPair(s.serverKeyStore(), "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", password);
        trust(s.serverKeyStore(), "server", s.clientTrustStore(), "JKS", password, dir);
        keyPair(s.clientKeyStore(), "client", "CN=ndxp-client", null, password);
        trust(s.clientKeyStore(), "client", s.serverTrustStore(), "PKCS12", password, dir);
        return s;
    }

    private static void keyPair(Path store, String alias, String name, String extension, String password) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", name, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        keytool(args);
    }

    /** Puts the certificate of {@code alias} in {@code from} into the trust store {@code to}. */
    private static void trust(Path from, String alias, Path to, String type, String password, Path dir) {
        Path certificate = dir.resolve(alias + ".crt");
        keytool(List.of("-exportcert", "-alias", alias, "-keystore", from.toString(), "-storepass", password,
                "-file", certificate.toString()));
        keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
                "-keystore", to.toString(), "-storetype", type, "-storepass", password));
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
