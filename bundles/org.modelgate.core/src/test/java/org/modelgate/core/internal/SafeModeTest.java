package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.api.SafeMode;
import org.modelgate.api.VersionRefusedException;

/**
 * Feature: safe mode. Starts in a row that died while a model was loading put the next start in safe mode: that
 * model is not loaded, the others serve, and the gateway says why and how to leave it.
 */
class SafeModeTest {
    @TempDir
    Path repository;
    private final List<RegistryHarness> runs = new ArrayList<>();
    private int crashes = 2;
    private int windowSeconds = 600;

    @AfterEach
    void stopTheLastRun() {
        if (!runs.isEmpty()) {
            last().stop();
        }
    }

    @Test
    void twoStartsThatDiedWhileAModelLoadedPutTheThirdInSafeMode() throws Exception {
        givenModels();
        whenTheGatewayStarts();
        whenItDiesWhileLoading("scaler");
        whenItDiesWhileLoading("scaler");

        SafeMode safeMode = last().registry.safeMode();
        assertThat(safeMode.active()).isTrue();
        assertThat(safeMode.uncleanEnds()).isEqualTo(2);
        assertThat(safeMode.withheld()).containsOnlyKeys("scaler");
        assertThat(safeMode.withheld().get("scaler")).startsWith("1.0.0 loading when the gateway died");
        assertThat(safeMode.cause()).contains("no crash report");
        assertThat(safeMode.statement()).startsWith("safe mode: on since ").contains("died 2 times in a row within 600 s")
                .contains("not loaded: scaler (1.0.0 loading").contains("mg:safemode off");
        thenHeldBack("scaler");
        thenServes("steady", 3f);
        assertThat(Files.readString(UncleanEndsFile.of(repository))).contains("safe-mode\t").contains("held\tscaler\t");
    }

    @Test
    void aPlainLoadOfAHeldBackModelIsRefusedAndLeavingSafeModeLoadsIt() {
        givenTheThirdStartInSafeMode();

        assertThatThrownBy(() -> last().registry.load("scaler")).isInstanceOf(VersionRefusedException.class)
                .hasMessageContaining("held back in safe mode").hasMessageContaining("mg:load --force scaler")
                .hasMessageContaining("mg:safemode off");
        SafeMode left = last().registry.leaveSafeMode();

        assertThat(left.withheld()).containsOnlyKeys("scaler");
        assertThat(last().registry.safeMode()).isEqualTo(SafeMode.OFF);
        thenServes("scaler", 2f);
        assertThat(UncleanEndsFile.of(repository)).as("nothing left to remember").doesNotExist();
        whenRestartedInOrder();
        assertThat(last().registry.safeMode().active()).isFalse();
        thenServes("scaler", 2f);
    }

    @Test
    void safeModeLastsAcrossOrderlyRestartsUntilTheHeldBackModelIsForced() {
        givenTheThirdStartInSafeMode();
        whenRestartedInOrder();
        assertThat(last().registry.safeMode().active()).as("an orderly restart does not end safe mode").isTrue();
        assertThat(last().registry.safeMode().uncleanEnds()).isEqualTo(2);
        thenHeldBack("scaler");

        last().registry.load("scaler", true);

        assertThat(last().registry.safeMode().active()).as("its last held-back model was forced").isFalse();
        thenServes("scaler", 2f);
        whenRestartedInOrder();
        thenServes("scaler", 2f);
    }

    @Test
    void anOrderlyStopBetweenTwoDeathsIsNoCrashLoop() {
        givenModels();
        whenTheGatewayStarts();
        whenItDiesWhileLoading("scaler");
        whenRestartedInOrder();
        whenItDiesWhileLoading("scaler");

        assertThat(last().registry.safeMode().active()).isFalse();
        thenServes("scaler", 2f);
    }

    @Test
    void deathsFurtherApartThanTheWindowAreNoCrashLoop() throws Exception {
        windowSeconds = 1;
        givenModels();
        whenTheGatewayStarts();
        whenItDiesWhileLoading("scaler");
        Thread.sleep(1_100);
        whenItDiesWhileLoading("scaler");

        assertThat(last().registry.safeMode().active()).isFalse();
        thenServes("scaler", 2f);
    }

    @Test
    void deathsWhileNoModelWasBusyHoldNothingBack() {
        givenModels();
        whenTheGatewayStarts();
        whenItDiesIdle();
        whenItDiesIdle();

        assertThat(last().registry.safeMode().active()).as(last().registry.safeMode().statement()).isFalse();
        thenServes("scaler", 2f);
        thenServes("steady", 3f);
    }

    @Test
    void safeModeCrashesZeroTurnsSafeModeOff() {
        crashes = 0;
        givenModels();
        whenTheGatewayStarts();
        whenItDiesWhileLoading("scaler");
        whenItDiesWhileLoading("scaler");
        whenItDiesWhileLoading("scaler");

        assertThat(last().registry.safeMode().active()).isFalse();
        thenServes("scaler", 2f);
    }

    // ---- given / when ----

    private void givenModels() {
        ModelRepositoryFixture fixture = new ModelRepositoryFixture(repository);
        fixture.affineModel("scaler", "1.0.0", 2f);
        fixture.affineModel("steady", "1.0.0", 3f);
    }

    private void givenTheThirdStartInSafeMode() {
        givenModels();
        whenTheGatewayStarts();
        whenItDiesWhileLoading("scaler");
        whenItDiesWhileLoading("scaler");
        thenHeldBack("scaler");
    }

    private void whenTheGatewayStarts() {
        RegistryHarness run = new RegistryHarness();
        run.bind(new AffineBackend());
        run.registry.activate(RegistryHarness.config(repository, crashes, windowSeconds));
        runs.add(run);
        run.awaitModel("steady", m -> m.state() != ModelState.LOADING);
        run.awaitModel("scaler", m -> m.state() != ModelState.LOADING);
        // the load's marker goes just after the model is READY: a death before that would count as during the load
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(repository.resolve("scaler").resolve(CrashQuarantine.LOADING_FILE))
                || Files.exists(repository.resolve("steady").resolve(CrashQuarantine.LOADING_FILE))) {
            assertThat(System.nanoTime()).as("loads finished").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** The process dies (no orderly stop) while a load of the model runs; the next start finds its marker. */
    private void whenItDiesWhileLoading(String model) {
        String version = last().registry.model(model).orElseThrow().version();
        try {
            Files.writeString(repository.resolve(model).resolve(CrashQuarantine.LOADING_FILE), version + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        whenTheGatewayStarts(); // without stopping the last run: it died
    }

    private void whenItDiesIdle() {
        whenTheGatewayStarts();
    }

    private void whenRestartedInOrder() {
        last().stop();
        whenTheGatewayStarts();
    }

    // ---- then ----

    private void thenHeldBack(String model) {
        ModelInfo info = last().registry.model(model).orElseThrow();
        assertThat(info.state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThat(info.reason()).startsWith("held back in safe mode: ").contains("mg:safemode off");
    }

    private void thenServes(String model, float scale) {
        last().awaitModel(model, ModelInfo::isReady);
        assertThat(last().infer(model, 1f, 1f).output("y").toFloatArray()).containsExactly(scale, scale);
    }

    private RegistryHarness last() {
        return runs.get(runs.size() - 1);
    }

    /** Where the record of unclean ends is. */
    private static final class UncleanEndsFile {
        static Path of(Path repository) {
            return RegistryHarness.crashFolder(repository).resolve(UncleanEnds.FILE_NAME);
        }
    }
}
