package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.ModelState;
import org.modelgate.itests.support.CrashModels;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.ProgressListener;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Feature: the standard remote commands over the real core in Felix (core, security with a trust store, packaging,
 * onnxruntime, the commands bundle), called as the MQTT agent calls them: a signed model package sent in chunks
 * across a restart of the commands bundle is installed and activated; a package changed after signing is refused
 * with nothing installed; the read-only commands answer; config keeps to its allow-list; start/stop never touch a
 * distribution bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteCommandsIT {
    private static final String MODEL = "div";
    private static final String PACKAGE = "modelgate.itest.package";
    private static final String TAMPERED = "modelgate.itest.tampered";
    private static final String TRUST = "modelgate.itest.trust";
    private static final String TRANSFERS = "modelgate.itest.transfers";
    private static final String GOLDEN = "[" + CrashModels.divisionSample(new int[] {8, 9, 10, 12}, new int[] {2, 3, 5, 4},
            new int[] {4, 3, 2, 3}) + "]";

    @Inject
    private BundleContext context;

    private Gateway gateway;

    @Configuration
    public Option[] config() throws Exception {
        Path repository = TestModels.emptyRepository(RemoteCommandsIT.class);
        Path work = repository.getParent();
        Path staging = TestModels.emptyRepository(RemoteCommandsIT.class, "staging");
        Path out = TestModels.emptyRepository(RemoteCommandsIT.class, "packages");
        Path trust = TestModels.emptyRepository(RemoteCommandsIT.class, "trust");
        Path transfers = TestModels.emptyRepository(RemoteCommandsIT.class, "transfers");
        SigningKey key = SigningKey.generate();
        Path signers = Files.createDirectories(trust.resolve("model-signer"));
        Files.writeString(signers.resolve("itest.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        ModelSignatures.signer(key).sign(CrashModels.addIntegerDivision(repository, MODEL, "1.0.0", "Div", GOLDEN, "in-process"));
        Path mgp = ModelPackages.pack(CrashModels.addIntegerDivision(staging, MODEL, "1.1.0", "Div", GOLDEN, "in-process"),
                key, out, ProgressListener.NONE);
        Path other = ModelPackages.pack(CrashModels.addIntegerDivision(staging, MODEL, "1.2.0", "Div", GOLDEN, "in-process"),
                key, out.resolve("tampered"), ProgressListener.NONE);
        byte[] bytes = Files.readAllBytes(other);
        bytes[bytes.length / 3] ^= 0x01; // inside the zipped model or its signature: refused either way
        Files.write(other, bytes);
        return options(
                Platform.felix(RemoteCommandsIT.class),
                Platform.core(),
                Platform.security(),
                Platform.onnxRuntime(),
                Platform.modelgateBundle("org.modelgate.packaging"),
                Platform.modelgateBundle("org.modelgate.remote.mqtt"),
                Platform.modelgateBundle("org.modelgate.remote.commands"),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()),
                systemProperty(PACKAGE).value(mgp.toString()),
                systemProperty(TAMPERED).value(other.toString()),
                systemProperty(TRUST).value(trust.toString()),
                systemProperty(TRANSFERS).value(transfers.toString()),
                systemProperty("modelgate.itest.work").value(work.toString()));
    }

    @Before
    public void givenTheGatewayServingVersion100AndTheCommands() {
        gateway = new Gateway(context);
        gateway.configure("org.modelgate.security.trust", Map.of("trustStore", System.getProperty(TRUST)));
        gateway.configure("org.modelgate.remote.commands", Map.of("transferFolder", System.getProperty(TRANSFERS),
                "maxTransfers", 2));
        gateway.configureRegistry(Path.of(System.getProperty(TestModels.REPOSITORY)), MODEL);
        gateway.awaitModel(MODEL, ModelState.READY);
        command("deploy");
    }

    @Test
    public void aSignedPackageSentInChunksAcrossARestartIsInstalledAndActivated() throws Exception {
        byte[] mgp = Files.readAllBytes(Path.of(System.getProperty(PACKAGE)));
        int third = mgp.length / 3 + 1;
        String sha256 = sha256(mgp);

        Map<?, ?> first = map(run("deploy", chunk("t-deploy", mgp, sha256, 0, third, true)));
        assertEquals(first.toString(), (long) third, map(first.get("transfer")).get("received"));
        assertFalse(first.containsKey("installed"));

        whenTheCommandsBundleRestarts();
        Map<?, ?> resumed = map(run("deploy", Map.of("transfer", "t-deploy", "status", true)));
        assertEquals("resumed from what was fsynced before the restart", (long) third,
                map(resumed.get("transfer")).get("received"));

        String outOfOrder = refusal("deploy", chunk("t-deploy", mgp, sha256, 2 * third, mgp.length - 2 * third, true));
        assertTrue(outOfOrder, outOfOrder.contains("send the chunk at offset " + third));
        Map<?, ?> repeated = map(run("deploy", chunk("t-deploy", mgp, sha256, 0, third, true)));
        assertEquals("a repeated chunk changes nothing", (long) third, map(repeated.get("transfer")).get("received"));

        run("deploy", chunk("t-deploy", mgp, sha256, third, third, true));
        Map<?, ?> done = map(run("deploy", chunk("t-deploy", mgp, sha256, 2 * third, mgp.length - 2 * third, true)));
        assertEquals(done.toString(), Map.of("model", MODEL, "version", "1.1.0"), done.get("installed"));
        assertEquals(true, done.get("activated"));
        assertEquals("1.1.0", map(done.get("model")).get("active"));
        assertEquals("1.1.0", gateway.registry().model(MODEL).orElseThrow().version());
        thenNoTransferIsLeft();

        Map<?, ?> models = map(run("models", Map.of("model", MODEL)));
        assertEquals("ready", models.get("state"));
        assertEquals("1.1.0", models.get("committed"));
        assertTrue(models.toString(), ((List<?>) models.get("versions")).containsAll(List.of("1.0.0", "1.1.0")));
    }

    @Test
    public void aPackageChangedAfterSigningIsRefusedAndNothingIsInstalled() throws Exception {
        byte[] mgp = Files.readAllBytes(Path.of(System.getProperty(TAMPERED)));
        String error = refusal("deploy", chunk("t-tampered", mgp, sha256(mgp), 0, mgp.length, true));
        assertTrue(error, error.startsWith("installing div-1.2.0.mgp (nothing was installed): "));
        assertFalse(gateway.registry().model(MODEL).orElseThrow().versions().contains("1.2.0"));
        thenNoTransferIsLeft();

        String wrongHash = refusal("deploy", chunk("t-hash", mgp, sha256(new byte[] {1}), 0, mgp.length, false));
        assertTrue(wrongHash, wrongHash.contains("it was discarded and nothing was installed"));
        thenNoTransferIsLeft();
    }

    @Test
    public void theReadOnlyCommandsAnswerFromTheRealGateway() {
        assertFalse(command("status").changesState());
        Map<?, ?> status = map(run("status", Map.of()));
        assertTrue(status.toString(), status.get("backends").toString().contains("onnxruntime"));
        assertEquals(false, map(status.get("safe_mode")).get("active"));
        assertTrue(((Number) map(status.get("bundles")).get("count")).intValue() > 10);

        Map<?, ?> health = map(run("health", Map.of()));
        assertEquals("the health feature is not in this container", false, health.get("installed"));

        List<?> audit = (List<?>) run("audit", Map.of("count", 5));
        assertFalse("the core records its model changes", audit.isEmpty());
        long last = ((Number) map(audit.get(audit.size() - 1)).get("seq")).longValue();
        assertEquals(List.of(), run("audit", Map.of("count", 5, "since_seq", last)));
        assertTrue(refusal("audit", Map.of("count", 500)).contains("\"count\" is 1 to 200"));

        String traffic = refusal("traffic", Map.of("model", MODEL, "action", "status"));
        assertTrue(traffic, traffic.contains("traffic policies are not available"));
    }

    @Test
    public void configKeepsToItsAllowListAndChecksValueTypes() {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("pid", "org.modelgate.explain");
        set.put("action", "set");
        set.put("properties", Map.of("budget", 128, "method", "occlusion"));
        Map<?, ?> written = map(run("config", set));
        assertEquals(128L, map(written.get("properties")).get("budget"));
        Map<?, ?> read = map(run("config", Map.of("pid", "org.modelgate.explain", "action", "get")));
        assertEquals(true, read.get("exists"));
        assertEquals("occlusion", map(read.get("properties")).get("method"));

        String refused = refusal("config", Map.of("pid", Gateway.REGISTRY_PID, "action", "get"));
        assertTrue(refused, refused.contains("not in the allow-list") && refused.contains("org.modelgate.explain"));
        String badValue = refusal("config", Map.of("pid", "org.modelgate.explain", "action", "set",
                "properties", Map.of("budget", Map.of("nested", 1))));
        assertTrue(badValue, badValue.contains("property \"budget\""));
    }

    @Test
    public void startAndStopNeverTouchADistributionBundle() {
        String refused = refusal("stop", Map.of("symbolic_name", "org.modelgate.core"));
        assertTrue(refused, refused.contains("is a bundle of the distribution"));
        assertEquals(Bundle.ACTIVE, gateway.bundle("org.modelgate.core").getState());
        String unknown = refusal("start", Map.of("symbolic_name", "com.acme.nothing"));
        assertTrue(unknown, unknown.contains("no vendor bundle named com.acme.nothing"));
    }

    private void whenTheCommandsBundleRestarts() throws Exception {
        Bundle commands = gateway.bundle("org.modelgate.remote.commands");
        commands.stop();
        commands.start();
        command("deploy");
    }

    private RemoteCommand command(String name) {
        return Gateway.await("the " + name + " command", () -> {
            try {
                for (ServiceReference<RemoteCommand> ref : context.getServiceReferences(RemoteCommand.class,
                        "(" + RemoteCommand.NAME + "=" + name + ")")) {
                    RemoteCommand command = context.getService(ref);
                    if (command != null) {
                        return command;
                    }
                }
                return null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    private Object run(String name, Map<String, Object> body) {
        return command(name).run(new CommandCall(name, "it-" + System.nanoTime(), body, "itest-controller", null, null));
    }

    private String refusal(String name, Map<String, Object> body) {
        try {
            Object result = run(name, body);
            fail(name + " " + body.keySet() + " should be refused, answered " + result);
            return null;
        } catch (CommandException e) {
            assertNotNull(e.getMessage());
            return e.getMessage();
        }
    }

    private static Map<String, Object> chunk(String transfer, byte[] file, String sha256, int offset, int length,
            boolean activate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfer", transfer);
        body.put("file", transfer.equals("t-deploy") ? "div-1.1.0.mgp" : "div-1.2.0.mgp");
        body.put("size", file.length);
        body.put("sha256", sha256);
        body.put("offset", offset);
        body.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(file, offset, offset + length)));
        body.put("activate", activate);
        return body;
    }

    private static void thenNoTransferIsLeft() {
        try (Stream<Path> left = Files.list(Path.of(System.getProperty(TRANSFERS)))) {
            assertEquals(List.of(), left.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<?, ?> map(Object value) {
        assertTrue(String.valueOf(value), value instanceof Map);
        return (Map<?, ?>) value;
    }
}
