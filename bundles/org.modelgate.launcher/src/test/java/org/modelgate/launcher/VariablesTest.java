package org.modelgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VariablesTest {
    private final Map<String, Object> system = Map.of("modelgate.http.port", "9090");
    private final Map<String, Object> file = Map.of("modelgate.http.port", "8081", "modelgate.http.host", "0.0.0.0",
            "models", "${modelgate.home}/models");
    private final Map<String, Object> feature = Map.of("modelgate.http.port", 8080L, "modelgate.http.host", "127.0.0.1",
            "threads", 4L, "modelgate.home", "/feature/must/not/win");
    private final Map<String, Object> builtins = Map.of("modelgate.home", "/opt/modelgate");

    private final Variables variables = Variables.of(Variables.from(system), Variables.from(file), Variables.from(feature),
            Variables.from(builtins));

    @Test
    void systemPropertiesWinOverTheFileWhichWinsOverTheFeature() throws LauncherException {
        assertThat(variables.substitute("${modelgate.http.port}", "test")).isEqualTo("9090");
        assertThat(variables.substitute("${modelgate.http.host}", "test")).isEqualTo("0.0.0.0");
        assertThat(variables.substitute("${threads}", "test")).isEqualTo(4L);
    }

    @Test
    void aWholeReferenceKeepsTheVariablesTypeAndAnEmbeddedOneBecomesText() throws LauncherException {
        assertThat(variables.substitute("${threads}", "test")).isEqualTo(4L);
        assertThat(variables.substitute("threads=${threads}", "test")).isEqualTo("threads=4");
    }

    @Test
    void valuesOfVariablesAreSubstitutedInTurn() throws LauncherException {
        assertThat(variables.substitute("${models}", "test")).isEqualTo("/feature/must/not/win/models");
        Variables launcherFirst = Variables.of(Variables.from(builtins), Variables.from(file));
        assertThat(launcherFirst.substitute("${models}/iris", "test")).isEqualTo("/opt/modelgate/models/iris");
    }

    @Test
    void anUndefinedVariableNamesItselfThePlaceAndTheWaysToDefineIt() {
        assertThatThrownBy(() -> variables.substitute("http://${modelgate.http.addr}:1", "configuration org.apache.felix.http of feature 'http'"))
                .isInstanceOf(LauncherException.class)
                .hasMessageContaining("${modelgate.http.addr}")
                .hasMessageContaining("configuration org.apache.felix.http of feature 'http'")
                .hasMessageContaining("-Dmodelgate.http.addr=");
    }

    @Test
    void aLoopIsReportedInsteadOfOverflowingTheStack() {
        Variables loop = Variables.of(Variables.from(Map.of("a", "${b}", "b", "${a}")));
        assertThatThrownBy(() -> loop.substitute("${a}", "test")).isInstanceOf(LauncherException.class).hasMessageContaining("loop");
    }

    @Test
    void textWithoutReferencesIsLeftAlone() throws LauncherException {
        assertThat(variables.substitute("plain $ text {x}", "test")).isEqualTo("plain $ text {x}");
    }
}
