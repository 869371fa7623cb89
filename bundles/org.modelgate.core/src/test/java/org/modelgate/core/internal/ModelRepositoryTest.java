package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelState;

/** What the registry makes of the folders and model.json files it finds. */
class ModelRepositoryTest {
    @TempDir
    Path root;
    private RegistryHarness gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void versionsOrderAsSemanticVersions() {
        ModelRepositoryFixture models = new ModelRepositoryFixture(root);
        for (String v : List.of("1.10.0", "1.9.0", "1.10.0-rc.1", "1.2.3")) {
            models.affineModel("m", v, 1f);
        }
        ModelRepository repository = new ModelRepository(root);
        assertThat(repository.versions("m")).map(Object::toString).containsExactly("1.2.3", "1.9.0", "1.10.0-rc.1", "1.10.0");
        assertThat(repository.activeVersion("m")).map(Object::toString).contains("1.10.0");
    }

    @Test
    void badDescriptorsFailTheirModelOnlyWithTheReason() {
        ModelRepositoryFixture models = new ModelRepositoryFixture(root);
        models.affineModel("good", "1.0.0", 2f);
        models.model("named", "1.0.0", "{\"name\":\"other\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"m\"}", "m", "scale=1");
        models.model("escape", "1.0.0", "{\"name\":\"escape\",\"version\":\"1.0.0\",\"format\":\"affine\",\"file\":\"../../x\"}", "m", "scale=1");
        models.model("broken", "1.0.0", "{\"name\": \"broken\", ", "m", "scale=1");
        models.model("nofile", "1.0.0", "{\"name\":\"nofile\",\"version\":\"1.0.0\",\"format\":\"affine\"}", "m", "scale=1");

        gateway = new RegistryHarness();
        gateway.bind(new AffineBackend());
        gateway.start(root, true);
        for (String name : List.of("good", "named", "escape", "broken", "nofile")) {
            gateway.awaitModel(name, m -> m.state() != ModelState.LOADING);
        }

        assertThat(gateway.registry.model("good").orElseThrow().isReady()).isTrue();
        assertFailed("named", "name 'other' does not match its folder 'named'");
        assertFailed("escape", "file '../../x' must stay inside");
        assertFailed("broken", "is not valid JSON");
        assertFailed("nofile", "\"file\" must be a non-empty string and is missing");
        assertThatThrownBy(() -> gateway.registry.load("escape")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("must stay inside");
        assertThat(gateway.infer("good", 1f, 1f).output("y").toFloatArray()).containsExactly(2f, 2f);
    }

    @Test
    void unloadFreesTheModelAndLoadBringsItBack() {
        new ModelRepositoryFixture(root).affineModel("m", "1.0.0", 2f);
        AffineBackend backend = new AffineBackend();
        gateway = new RegistryHarness();
        gateway.bind(backend);
        gateway.start(root, false);
        assertThat(gateway.registry.model("m").orElseThrow().state()).isEqualTo(ModelState.UNLOADED);

        gateway.registry.load("m");
        ModelInfo unloaded = gateway.registry.unload("m");
        assertThat(unloaded.state()).isEqualTo(ModelState.UNLOADED);
        assertThat(backend.loaded.get(0).closed).isTrue();

        assertThat(gateway.registry.load("m").isReady()).isTrue();
        assertThat(gateway.registry.models()).extracting(ModelInfo::name).containsExactly("m");
    }

    private void assertFailed(String name, String reason) {
        ModelInfo info = gateway.registry.model(name).orElseThrow();
        assertThat(info.state()).as(name).isEqualTo(ModelState.FAILED);
        assertThat(info.reason()).as(name).contains(reason);
    }
}
