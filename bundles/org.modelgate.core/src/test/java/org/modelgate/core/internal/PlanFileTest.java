package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan.json is read back as written, and a power cut while it is replaced leaves the old or the new plan. */
class PlanFileTest {
    @TempDir
    Path work;

    @Test
    void aPlanIsReadBackAsWritten() throws Exception {
        PlanFile plan = new PlanFile("npu", "onnxruntime", "1.0.0", Map.of("intraOpThreads", "2"), "p50 3.1 ms");

        plan.write(DurableFiles.SYSTEM, work);

        assertThat(PlanFile.read(work)).contains(plan);
        assertThat(Files.readString(work.resolve("plan.json"))).contains("\"driver\" : \"npu\"");
    }

    @Test
    void noFileIsNoPlanAndABadOneSaysWhy() throws Exception {
        assertThat(PlanFile.read(work)).isEmpty();

        Files.writeString(work.resolve("plan.json"), "{\"settings\": {}}");
        assertThatThrownBy(() -> PlanFile.read(work)).isInstanceOf(PlanFile.InvalidPlanException.class)
                .hasMessageContaining("must be an object naming its \"driver\"");

        Files.writeString(work.resolve("plan.json"), "{\"driver\": \"npu\", \"settings\": {\"x\": [1]}}");
        assertThatThrownBy(() -> PlanFile.read(work)).isInstanceOf(PlanFile.InvalidPlanException.class)
                .hasMessageContaining("setting \"x\" must be a string, number or boolean");

        Files.writeString(work.resolve("plan.json"), "{\"driver\": \"npu\", \"driver\": \"cpu\"}");
        assertThatThrownBy(() -> PlanFile.read(work)).isInstanceOf(PlanFile.InvalidPlanException.class)
                .hasMessageContaining("is not valid JSON: duplicate key \"driver\"");
    }

    @Test
    void aPowerCutWhileReplacingThePlanLeavesTheOldOrTheNewOne() throws Exception {
        PlanFile old = new PlanFile("cpu", null, null, Map.of(), "old");
        PlanFile next = new PlanFile("npu", null, null, Map.of("intraOpThreads", "1"), "new");
        int operations = 0;
        for (int cut = 1;; cut++) {
            Path dir = Files.createDirectories(work.resolve("cut-" + cut));
            old.write(DurableFiles.SYSTEM, dir);
            PowerCutFiles files = new PowerCutFiles(cut);
            boolean finished;
            try {
                next.write(files, dir);
                finished = true;
            } catch (PowerCutFiles.PowerCut e) {
                finished = false;
            }
            files.rewind();
            assertThat(PlanFile.read(dir)).as("after a cut at operation " + cut).get().isIn(old, next);
            if (finished) {
                assertThat(PlanFile.read(dir)).as("a finished write is durable").contains(next);
                operations = cut;
                break;
            }
        }
        assertThat(operations).as("operations until a write finishes").isGreaterThan(2);
    }
}
