package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;

/**
 * deploy over a registry in memory: chunks until the last one, then install (and activate when asked); refusals
 * leave nothing behind; a resume question answers the offset.
 */
class DeployCommandTest {
    @TempDir
    Path dir;

    private final RecordingRegistry registry = new RecordingRegistry().withModel("iris", "1.0.0", "1.0.0");
    private DeployCommand deploy;
    private Object answer;

    @BeforeEach
    void givenTheDeployCommand() throws Exception {
        deploy = new DeployCommand();
        deploy.registry = registry;
        deploy.sources = new PackageSources(new TransferFolder(dir, 1 << 20, 4, Duration.ofHours(1), Clock.systemUTC()),
                new HttpsPull(dir, 1 << 20, Duration.ofSeconds(10), SSLContext.getDefault()));
    }

    @Test
    void thePackageIsInstalledAndActivatedOnceTheLastChunkArrives() {
        byte[] file = "good package of iris 1.1.0, signed".getBytes(StandardCharsets.UTF_8);
        whenSending("t1", "iris-1.1.0.mgp", file, 0, 10, true);
        assertThat(answer).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .doesNotContainKey("installed");
        assertThat(registry.installedBytes).isEmpty();
        whenSending("t1", "iris-1.1.0.mgp", file, 10, file.length - 10, true);
        Map<?, ?> result = (Map<?, ?>) answer;
        assertThat(result.get("installed")).isEqualTo(Map.of("model", "iris", "version", "1.1.0"));
        assertThat(result.get("activated")).isEqualTo(true);
        assertThat(((Map<?, ?>) result.get("model")).get("active")).isEqualTo("1.1.0");
        assertThat(((Map<?, ?>) result.get("model")).get("committed")).isEqualTo("1.1.0");
        assertThat(registry.installedBytes).containsExactly(new String(file, StandardCharsets.UTF_8));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aRefusedPackageIsReportedAndLeavesNothingBehind() {
        byte[] file = "tampered package".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> whenSending("t1", "iris-1.2.0.mgp", file, 0, file.length, false))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("installing iris-1.2.0.mgp (nothing was installed)")
                .hasMessageContaining("not signed by a trusted model signer");
        assertThat(registry.model("iris").orElseThrow().versions()).containsExactly("1.0.0");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFailedActivationSaysTheVersionStaysInstalled() {
        registry.failActivate = new org.modelgate.api.ModelLoadException("golden sample 2 differs");
        byte[] file = "good iris 1.1.0".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> whenSending("t1", "iris-1.1.0.mgp", file, 0, file.length, true))
                .hasMessageContaining("activating iris 1.1.0 (it stays installed): golden sample 2 differs");
        assertThat(registry.model("iris").orElseThrow().versions()).contains("1.1.0");
    }

    @Test
    void aResumeQuestionAnswersTheBytesReceived() {
        byte[] file = "good package of iris 1.1.0, signed".getBytes(StandardCharsets.UTF_8);
        whenSending("t1", "iris-1.1.0.mgp", file, 0, 10, false);
        answer = deploy.run(call(Map.of("transfer", "t1", "status", true)));
        assertThat(((Map<?, ?>) ((Map<?, ?>) answer).get("transfer")).get("received")).isEqualTo(10L);
        answer = deploy.run(call(Map.of("transfer", "t2", "status", true)));
        assertThat(map(((Map<?, ?>) answer).get("transfer"))).containsEntry("received", 0L)
                .containsEntry("open", false);
    }

    @Test
    void aBodyWithNeitherTransferNorUrlOrBothIsRefused() {
        assertThatThrownBy(() -> deploy.run(call(Map.of("activate", true)))).isInstanceOf(CommandException.class)
                .hasMessageContaining("needs either \"transfer\"");
        assertThatThrownBy(() -> deploy.run(call(Map.of("transfer", "t", "url", "https://x/y.mgp"))))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> deploy.run(call(Map.of("url", "http://example.org/iris-1.1.0.mgp", "sha256",
                "ab".repeat(32))))).hasMessageContaining("must be https");
    }

    @Test
    void modelsAnswersTheStateVersionsAndHistoryTail() {
        ModelsCommand models = new ModelsCommand();
        models.registry = registry;
        List<?> all = (List<?>) models.run(call(Map.of()));
        assertThat(all).hasSize(1);
        assertThat(map(all.get(0))).containsEntry("name", "iris").containsEntry("state", "ready")
                .containsEntry("active", "1.0.0").containsEntry("committed", "1.0.0")
                .containsEntry("versions", List.of("1.0.0"));
        assertThatThrownBy(() -> models.run(call(Map.of("model", "digits"))))
                .hasMessageContaining("no model named digits; models: [iris]");
    }

    @Test
    void aRegistryRefusalReachesTheCallerWithWhatWasBeingDone() {
        RollbackCommand rollback = new RollbackCommand();
        rollback.registry = registry;
        assertThatThrownBy(() -> rollback.run(call(Map.of("model", "iris")))).isInstanceOf(CommandException.class)
                .hasMessage("rolling back iris: model iris has no earlier committed version");
        RemoveCommand remove = new RemoveCommand();
        remove.registry = registry;
        assertThatThrownBy(() -> remove.run(call(Map.of("model", "iris", "version", "1.0.0"))))
                .isInstanceOf(CommandException.class).hasMessageStartingWith("removing iris 1.0.0: ");
        assertThatThrownBy(() -> remove.run(call(Map.of("model", "iris")))).hasMessageContaining("\"version\"");
    }

    private void whenSending(String transfer, String name, byte[] file, int offset, int length, boolean activate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfer", transfer);
        body.put("file", name);
        body.put("size", file.length);
        body.put("sha256", TransferFolderTest.sha256(file));
        body.put("offset", offset);
        body.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(file, offset, offset + length)));
        body.put("activate", activate);
        answer = deploy.run(call(body));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static CommandCall call(Map<String, Object> body) {
        return new CommandCall("deploy", "id", body, "ops", null, null);
    }
}
