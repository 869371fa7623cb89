package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.access.testing.TestPki;
import org.modelgate.api.ModelState;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.MiniLm;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * Feature: HTTPS (TLS 1.3 only) from PEM files through Felix HTTP Jetty, client certificates of the configured CA,
 * bearer tokens stored hashed; management closed without a credential (401) or with a weak or wrong one (403),
 * inference open; denied calls counted at /metrics and audited; the gateway keeps serving. Clients: the JDK's
 * HttpClient and curl (skipped without curl). The test CA is made with keytool by {@link TestPki}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpsAccessIT {
    private static final String MODEL = "minilm";
    private static final String PKI = "modelgate.itest.pki";
    private static final String HTTPS_PORT = "modelgate.itest.https.port";
    private static final String MANAGER = "mgt_itest-manager-0123456789abcdef0123456789abcdef";
    private static final String CAMERA = "mgt_itest-camera-0123456789abcdef0123456789abcdef";

    @Inject
    private BundleContext context;

    private Path pki;
    private String https;

    @Configuration
    public Option[] config() throws IOException {
        Path repository = TestModels.emptyRepository(HttpsAccessIT.class);
        TestModels.addOnnxModel(repository, MODEL, "1.0.0", TestModels.MINILM_INT8);
        Path folder = Path.of(Platform.itestDir(), "HttpsAccessIT", "pki");
        deleteRecursively(folder); // Pax Exam may ask for the configuration more than once: a fresh PKI each time
        TestPki ca = TestPki.create(folder.resolve("ca"), "Modelgate Test CA");
        ca.issue("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
        ca.issue("ops", "CN=ops", null);
        TestPki.create(folder.resolve("other"), "Someone Else CA").issue("intruder", "CN=intruder", null);
        return options(
                Platform.felix(HttpsAccessIT.class),
                Platform.core(),
                Platform.onnxRuntime(),
                Platform.rest(Platform.freePort()),
                Platform.monitor(),
                Platform.security(),
                Platform.modelgateBundle("org.modelgate.access"),
                systemProperty(PKI).value(folder.toString()),
                systemProperty(HTTPS_PORT).value(Integer.toString(Platform.freePort())),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenHttpsWithTokensAndClientCertificates() throws Exception {
        pki = Path.of(System.getProperty(PKI));
        int port = Integer.parseInt(System.getProperty(HTTPS_PORT));
        https = "https://127.0.0.1:" + port;
        Path etc = pki.resolveSibling("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("tokens"), "deployer " + hash(MANAGER) + " manage\ncamera " + hash(CAMERA)
                + " infer\n", StandardCharsets.UTF_8);
        Gateway gateway = new Gateway(context);
        gateway.configure("org.modelgate.audit", Map.of("file", pki.resolveSibling("audit").resolve("audit.log").toString()));
        gateway.configure("org.modelgate.access", Map.of("tokensFile", etc.resolve("tokens").toString(),
                "clientCaFile", pki.resolve("ca/Modelgate Test CA.crt.pem").toString(), "inference", "OPEN"));
        gateway.configure("org.modelgate.access.https", Map.of("enabled", true, "httpsPort", port,
                "certFile", pki.resolve("ca/server.crt.pem").toString(), "keyFile", pki.resolve("ca/server.key.pem").toString(),
                "clientCaFile", pki.resolve("ca/Modelgate Test CA.crt.pem").toString(), "clientCertificate", "WANTS",
                "storeFolder", pki.resolveSibling("data-tls").toString()));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        gateway.awaitModel(MODEL, ModelState.READY);
        gateway.service(AuditLog.class);
        HttpClient client = client(null);
        Gateway.await("HTTPS on " + https, 120_000, () -> {
            try {
                return send(client, "GET", "/v2/health/live", null).statusCode() == 200 ? true : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    @Test
    public void tls13IsNegotiatedAndOlderProtocolsAreRefused() throws Exception {
        HttpResponse<String> live = send(client(null), "GET", "/v2/health/live", null);
        assertEquals(200, live.statusCode());
        assertEquals("TLSv1.3", live.sslSession().orElseThrow().getProtocol());

        SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
        tls12.init(null, trust().getTrustManagers(), null);
        SSLParameters only12 = new SSLParameters();
        only12.setProtocols(new String[] {"TLSv1.2"});
        HttpClient old = HttpClient.newBuilder().sslContext(tls12).sslParameters(only12).connectTimeout(Duration.ofSeconds(20)).build();
        thenRefusedAtHandshake(old, "a TLS 1.2 client");
        thenStillServing();
    }

    @Test
    public void managementNeedsACredentialWhileInferenceIsOpen() throws Exception {
        HttpClient client = client(null);
        HttpResponse<String> noToken = send(client, "POST", "/v2/repository/models/" + MODEL + "/unload", null);
        assertEquals(noToken.body(), 401, noToken.statusCode());
        assertEquals("Bearer realm=\"modelgate\"", noToken.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(noToken.body(), noToken.body().contains("needs a credential with role manage"));
        HttpResponse<String> wrong = send(client, "POST", "/v2/repository/models/" + MODEL + "/load", "Bearer mgt_wrong");
        assertEquals(wrong.body(), 403, wrong.statusCode());
        assertTrue(wrong.body(), wrong.body().contains("not in the token store"));
        HttpResponse<String> weak = send(client, "POST", "/v2/repository/models/" + MODEL + "/unload", "Bearer " + CAMERA);
        assertEquals(weak.body(), 403, weak.statusCode());
        assertTrue(weak.body(), weak.body().contains("token:camera may not call"));

        HttpResponse<String> infer = post(client, "/v2/models/" + MODEL + "/infer", MiniLm.oipRequest(), null);
        assertEquals(infer.body(), 200, infer.statusCode());
        assertEquals(ModelState.READY, new Gateway(context).registry().model(MODEL).orElseThrow().state());

        HttpResponse<String> load = send(client, "POST", "/v2/repository/models/" + MODEL + "/load", "Bearer " + MANAGER);
        assertEquals(load.body(), 200, load.statusCode());
        thenStillServing();
    }

    @Test
    public void aClientCertificateOfTheCaManagesAndOneOfAnotherCaIsRefused() throws Exception {
        HttpResponse<String> ops = send(client("ca/ops.p12"), "GET", "/v2/models/" + MODEL + "/stats", null);
        assertEquals(ops.body(), 200, ops.statusCode());

        HttpClient intruder = client("other/intruder.p12");
        try {
            HttpResponse<String> refused = send(intruder, "GET", "/v2/models/" + MODEL + "/stats", "Bearer " + MANAGER);
            fail("a certificate of an unknown CA got an answer: " + refused.statusCode() + " " + refused.body());
        } catch (IOException expected) {
            // the handshake refused it (bad certificate): no token gets through on such a connection
        }
        thenStillServing();
    }

    @Test
    public void curlWithAndWithoutClientCertificates() throws Exception {
        assumeTrue("curl is not installed; skipping the curl client", Files.isExecutable(Path.of("/usr/bin/curl")));
        String ca = pki.resolve("ca/Modelgate Test CA.crt.pem").toString();
        String url = https + "/v2/models/" + MODEL + "/config";
        assertEquals("401", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, url));
        assertEquals("200", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "--cert",
                pki.resolve("ca/ops.crt.pem").toString(), "--key", pki.resolve("ca/ops.key.pem").toString(), url));
        assertEquals("200", curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca, "-H",
                "Authorization: Bearer " + MANAGER, url));
        assertNotEquals("a TLS 1.2 curl must not connect", "200", curl("-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--cacert", ca, "--tls-max", "1.2", url));
        assertNotEquals("a certificate of another CA must not get through", "200", curl("-s", "-o", "/dev/null", "-w",
                "%{http_code}", "--cacert", ca, "--cert", pki.resolve("other/intruder.crt.pem").toString(), "--key",
                pki.resolve("other/intruder.key.pem").toString(), "-H", "Authorization: Bearer " + MANAGER, url));
        thenStillServing();
    }

    @Test
    public void deniedCallsAreCountedAndAudited() throws Exception {
        HttpClient client = client(null);
        send(client, "POST", "/v2/models/" + MODEL + "/profile", null);
        send(client, "POST", "/v2/models/" + MODEL + "/profile", "Bearer mgt_nope");

        String metrics = send(client, "GET", "/metrics", null).body();
        assertTrue(metrics, metrics.matches("(?s).*modelgate_access_denied_total\\{reason=\"missing_credential\"} [1-9].*"));
        assertTrue(metrics, metrics.matches("(?s).*modelgate_access_denied_total\\{reason=\"unknown_token\"} [1-9].*"));
        List<AuditEntry> tail = new Gateway(context).service(AuditLog.class).tail(50);
        assertTrue(tail.toString(), tail.stream().anyMatch(e -> e.action().equals("access.denied")
                && e.subject().equals("POST /v2/models/" + MODEL + "/profile")
                && "unknown_token".equals(e.details().get("reason"))));
        thenStillServing();
    }

    private void thenStillServing() throws Exception {
        HttpResponse<String> infer = post(client(null), "/v2/models/" + MODEL + "/infer", MiniLm.oipRequest(), null);
        assertEquals(infer.body(), 200, infer.statusCode());
    }

    private void thenRefusedAtHandshake(HttpClient client, String who) {
        try {
            HttpResponse<String> answered = send(client, "GET", "/v2/health/live", null);
            fail(who + " got an answer: " + answered.statusCode());
        } catch (IOException expected) {
            // refused during the handshake
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpClient client(String clientStore) throws Exception {
        KeyManagerFactory keys = null;
        if (clientStore != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pki.resolve(clientStore))) {
                store.load(in, TestPkiPassword.VALUE);
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, TestPkiPassword.VALUE);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys == null ? null : new KeyManager[] {new AlwaysPresent((X509KeyManager) keys.getKeyManagers()[0])},
                trust().getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    private TrustManagerFactory trust() throws Exception {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        try (InputStream in = Files.newInputStream(pki.resolve("ca/Modelgate Test CA.crt.pem"))) {
            cas.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(cas);
        return trust;
    }

    private HttpResponse<String> send(HttpClient client, String method, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(https + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(HttpClient client, String path, String json, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(https + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/curl", "--max-time", "60"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue("curl did not end", process.waitFor(90, TimeUnit.SECONDS));
        return out;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static String hash(String token) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Presents the client's certificate whatever CAs the server names: the JDK's own key manager would keep a
     * certificate of another CA back, and the test is what the server does when one is presented (as curl does).
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;

        AlwaysPresent(X509KeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "leaf";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "leaf";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"leaf"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** The password of TestPki's stores, read inside the container where TestPki itself is not loaded. */
    private static final class TestPkiPassword {
        static final char[] VALUE = "test-only".toCharArray();
    }
}
