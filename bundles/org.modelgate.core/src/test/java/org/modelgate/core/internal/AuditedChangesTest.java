package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;
import org.modelgate.api.Operator;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.internal.AuditLogService;

/** Model changes land in the real hash-chained audit log when the audit feature is there. */
class AuditedChangesTest {
    @TempDir
    Path repository;
    @TempDir
    Path staging;
    @TempDir
    Path data;
    private RegistryHarness gateway;
    private AuditLogService audit;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (audit != null) {
            call(audit, "deactivate");
        }
    }

    @Test
    void installsActivationsRejectionsAndRemovalsAreRecordedInAnIntactChainWithTheirOperator() throws Exception {
        ModelRepositoryFixture models = new ModelRepositoryFixture(repository);
        models.model("scaler", "1.0.0", KilledDuringActivationTest.modelJson("1.0.0", 1f), "model.bin", "scale=1");
        models.model("scaler", "1.1.0", KilledDuringActivationTest.modelJson("1.1.0", 5f), "model.bin", "scale=3");
        Files.writeString(repository.resolve("scaler/active"), "1.0.0\n");
        givenTheAuditLog();
        gateway = new RegistryHarness();
        gateway.registry.setAuditLog(audit);
        gateway.bind(new AffineBackend());
        gateway.start(repository, true);
        gateway.awaitModel("scaler", m -> m.state() != ModelState.LOADING);

        assertThatThrownBy(() -> gateway.registry.activate("scaler", "1.1.0")).isInstanceOf(ModelLoadException.class);
        Path folder = Files.createDirectories(staging.resolve("scaler-1.2.0"));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson("1.2.0", 2f));
        Files.writeString(folder.resolve("model.bin"), "scale=2");
        gateway.registry.install(folder);
        Operator.run("alice (ssh key SHA256:abc)", () -> gateway.registry.activate("scaler", "1.2.0"));
        gateway.registry.remove("scaler", "1.1.0");

        assertThat(audit.tail(10)).extracting(AuditEntry::action, AuditEntry::subject).containsSubsequence(
                org.assertj.core.groups.Tuple.tuple("model.activation.rejected", "scaler 1.1.0"),
                org.assertj.core.groups.Tuple.tuple("model.installed", "scaler 1.2.0"),
                org.assertj.core.groups.Tuple.tuple("model.activated", "scaler 1.2.0"),
                org.assertj.core.groups.Tuple.tuple("model.removed", "scaler 1.1.0"));
        AuditEntry activated = audit.tail(10).stream().filter(e -> e.action().equals("model.activated")).findFirst().orElseThrow();
        assertThat(activated.actor()).isEqualTo("alice (ssh key SHA256:abc)");
        AuditEntry installed = audit.tail(10).stream().filter(e -> e.action().equals("model.installed")).findFirst().orElseThrow();
        assertThat(installed.actor()).as("a change made with no operator named is the gateway's own").isEqualTo("modelgate");
        assertThat(activated.details()).containsEntry("previous", "1.0.0").containsEntry("trial", "passed");
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void anInstallThatDoesNotFitThisGatewayIsRecordedAsRefusedWithItsReason() throws Exception {
        givenTheAuditLog();
        gateway = new RegistryHarness();
        gateway.registry.setAuditLog(audit);
        gateway.bind(new AffineBackend());
        gateway.start(repository, true);
        Path folder = Files.createDirectories(staging.resolve("scaler-1.0.0"));
        Files.writeString(folder.resolve("model.json"), KilledDuringActivationTest.modelJson("1.0.0", 2f)
                .replaceFirst("\\{", "{\"requires\":{\"formats\":[\"onnx\"]},"));
        Files.writeString(folder.resolve("model.bin"), "scale=2");

        assertThatThrownBy(() -> gateway.registry.install(folder)).isInstanceOf(org.modelgate.api.VersionRefusedException.class);

        AuditEntry refused = audit.tail(10).stream().filter(e -> e.action().equals("model.refused")).findFirst().orElseThrow();
        assertThat(refused.subject()).isEqualTo("scaler 1.0.0");
        assertThat(refused.details()).containsEntry("reason",
                "requires formats [onnx], this gateway has no backend for [onnx] (backends run [affine])");
        assertThat(audit.tail(10)).extracting(AuditEntry::action).doesNotContain("model.installed");
        assertThat(audit.verify().ok()).isTrue();
    }

    private void givenTheAuditLog() throws Exception {
        audit = new AuditLogService();
        Method activate = AuditLogService.class.getDeclaredMethod("activate", configType());
        activate.setAccessible(true);
        Path file = data.resolve("audit.log");
        activate.invoke(audit, Proxy.newProxyInstance(configType().getClassLoader(), new Class<?>[] { configType() },
                (proxy, method, args) -> method.getName().equals("file") ? file.toString()
                        : method.getName().equals("annotationType") ? configType() : method.getDefaultValue()));
        assertThat((AuditLog) audit).isNotNull();
    }

    private static Class<?> configType() throws ClassNotFoundException {
        return Class.forName("org.modelgate.audit.internal.AuditLogConfig");
    }

    private static void call(Object target, String method) throws Exception {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        m.invoke(target);
    }
}
