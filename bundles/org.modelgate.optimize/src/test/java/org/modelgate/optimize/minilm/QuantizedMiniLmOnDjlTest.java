package org.modelgate.optimize.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;
import org.modelgate.optimize.backends.Backends;
import org.modelgate.optimize.tool.ExitCode;
import org.modelgate.optimize.tool.Mgopt;

/**
 * all-MiniLM-L6-v2 quantized by {@code mgopt quantize} loads on the gateway's registry with the DJL backend and
 * passes its golden samples there: the same check as {@link QuantizedMiniLmGoldenTest} on the ONNX Runtime backend.
 */
class QuantizedMiniLmOnDjlTest {
    @TempDir
    Path dir;

    @Test
    void givenMiniLmQuantizedByMgopt_whenLoadedOnTheDjlBackend_thenItPassesItsGoldenSamples() throws Exception {
        Path original = MiniLmFixture.writeFolder(dir.resolve("original"), 0.001);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8);

        int status = Mgopt.run(List.of("quantize", original.toString(), "--out", dir.resolve("repository/minilm/1.0.1").toString(),
                "--version", "1.0.1", "--runs", "2", "--warmup", "1"), print, print);

        assertThat(status).as(text.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        ModelInfo info = QuantizedMiniLmGoldenTest.thenTheRegistryServesIt(dir.resolve("repository"), Backends.djl());
        assertThat(info.state()).as(String.valueOf(info.reason())).isEqualTo(ModelState.READY);
        assertThat(info.version()).isEqualTo("1.0.1");
        assertThat(info.backend()).isEqualTo("djl");
    }
}
