package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;

/** The Models page body. */
class ModelsTableTest {
    private static ModelInfo model(String name, String version, List<String> versions, ModelState state, String backend, String reason) {
        return new ModelInfo(name, version, versions, "onnx", backend, state, reason, List.of(), List.of(), List.of());
    }

    @Test
    void listsEachModelWithItsVersionsStateAndBackend() {
        String html = ModelsTable.html(List.of(
                model("iris", "1.1.0", List.of("1.0.0", "1.1.0"), ModelState.READY, "onnxruntime", null),
                model("digits", "2.0.0", List.of("2.0.0"), ModelState.FAILED, null, "model.onnx does not verify")), "operator");

        assertThat(html).contains("2 models on this gateway. Signed in as <span id=\"modelgate-user\">operator</span>.")
                .contains("<tr data-model=\"iris\"><td>iris</td><td>1.1.0</td><td>1.0.0, 1.1.0</td><td>READY</td><td>onnxruntime</td><td></td></tr>")
                .contains("<tr data-model=\"digits\"><td>digits</td><td>2.0.0</td><td>2.0.0</td><td>FAILED</td><td></td>"
                        + "<td>model.onnx does not verify</td></tr>");
    }

    @Test
    void textFromModelsIsEncodedIncludingTheConsolesTemplateMarker() {
        String html = ModelsTable.html(List.of(model("x", "1.0.0", List.of("1.0.0"), ModelState.FAILED, null,
                "<script>alert(1)</script> ${title}")), "<b>x</b>");

        assertThat(html).doesNotContain("<script>").doesNotContain("${")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &#36;{title}")
                .contains("Signed in as <span id=\"modelgate-user\">&lt;b&gt;x&lt;/b&gt;</span>");
    }

    @Test
    void saysSoWhenTheRegistryIsMissing() {
        assertThat(ModelsTable.html(null, null)).contains("The model registry is not available").doesNotContain("<table");
        assertThat(ModelsTable.html(List.of(), null)).contains("0 models on this gateway.").doesNotContain("Signed in");
    }
}
