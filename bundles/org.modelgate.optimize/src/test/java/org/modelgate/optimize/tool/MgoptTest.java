package org.modelgate.optimize.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MgoptTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void givenHelp_whenRun_thenEverySubcommandsUsageIsPrinted() {
        int status = Mgopt.run(List.of("--help"), print(out), print(err));

        assertThat(status).isEqualTo(ExitCode.OK);
        assertThat(text(out)).contains("mgopt quantize ").contains("mgopt report ");
    }

    @Test
    void givenAnUnknownCommand_whenRun_thenUsageIsAnErrorWithStatus2() {
        int status = Mgopt.run(List.of("shrink", "model.onnx"), print(out), print(err));

        assertThat(status).isEqualTo(ExitCode.USAGE);
        assertThat(text(err)).contains("mgopt: unknown command 'shrink'").contains("usage: mgopt quantize");
    }

    @Test
    void givenOrtStyleOptionNames_whenParsed_thenDashesAndUnderscoresAreTheSame() throws Exception {
        Arguments line = Arguments.parse(List.of("model.onnx", "--per-channel", "--weight_type", "QUInt8", "--reduce_range=false",
                "--nodes-to-exclude", "a, b"), Set.of("weight_type", "nodes_to_exclude"), Set.of("per_channel", "reduce_range"));

        assertThat(line.positional()).containsExactly("model.onnx");
        assertThat(line.flag("per_channel")).isTrue();
        assertThat(line.flag("reduce_range")).isFalse();
        assertThat(line.option("weight_type")).hasValue("QUInt8");
        assertThat(line.list("nodes_to_exclude")).containsExactly("a", "b");
    }

    @Test
    void givenAWrongOption_whenParsed_thenTheMessageNamesIt() {
        assertThatThrownBy(() -> Arguments.parse(List.of("--sparsty", "0.5"), Set.of("sparsity"), Set.of()))
                .isInstanceOf(UsageException.class).hasMessage("unknown option --sparsty");
        assertThatThrownBy(() -> Arguments.parse(List.of("--runs", "many"), Set.of("runs"), Set.of()).integer("runs", 1))
                .hasMessage("option --runs takes a whole number, not 'many'");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
