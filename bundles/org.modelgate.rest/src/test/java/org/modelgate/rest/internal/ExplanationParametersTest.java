package org.modelgate.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.Tensor;
import org.modelgate.explain.internal.BreastCancerFixture;
import org.modelgate.explain.internal.BreastCancerModel;
import org.modelgate.explain.internal.Configs;
import org.modelgate.explain.internal.ExplainerComponent;
import org.modelgate.explain.internal.LabelledRows;
import org.modelgate.explain.internal.OnnxModelFolder;
import org.modelgate.json.StrictJson;
import org.modelgate.oip.OipCodec;

/**
 * Feature: {@code "parameters": {"top_k", "confidence", "explain"}} on {@code POST /v2/models/{name}/infer} and
 * {@code GET /v2/models/{name}/importance}, over real HTTP (Jetty), with the real explainer and the breast_cancer
 * model run by ONNX Runtime; bad values answered 400 naming the parameter.
 */
class ExplanationParametersTest {
    private OipServerFixture server;
    private OnnxModelFolder model;
    private ExplainerComponent explainer;
    private HttpResponse<String> reply;

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @Test
    void withoutParametersTheResponseIsByteForByteWhatItWas() throws Exception {
        givenTheBreastCancerModelWithExplanations();
        float[] row = firstTestRow();

        whenInferring(body(row, ""));

        thenStatusIs(200);
        String direct = OipCodec.toJson(model.infer("breast_cancer",
                InferenceRequest.of(Tensor.ofFloats("input", new long[] {1, 30}, row))));
        assertThat(reply.body()).isEqualTo(direct);
        assertThat(reply.body()).doesNotContain("parameters");
    }

    @Test
    void topKConfidenceAndAttributionComeBackAsResponseParameters() throws Exception {
        givenTheBreastCancerModelWithExplanations();

        whenInferring(body(firstTestRow(), ",\"parameters\":{\"top_k\":2,\"confidence\":true,\"explain\":true,"
                + "\"triton_extra\":\"left alone\"}"));

        thenStatusIs(200);
        Map<String, Object> json = json();
        assertThat(json).containsKeys("model_name", "outputs", "parameters");
        Map<String, Object> parameters = map(json.get("parameters"));
        assertThat(parameters).containsOnlyKeys("top_k", "confidence", "attribution");
        List<Object> top = list(parameters.get("top_k"));
        assertThat(top).hasSize(2);
        Map<String, Object> first = map(top.get(0));
        assertThat(first).containsOnlyKeys("label", "index", "score");
        assertThat(List.of("malignant", "benign")).contains((String) first.get("label"));
        double score = ((Number) first.get("score")).doubleValue();
        assertThat(score).isGreaterThanOrEqualTo(((Number) map(top.get(1)).get("score")).doubleValue());
        Map<String, Object> confidence = map(parameters.get("confidence"));
        assertThat(confidence).containsOnlyKeys("max", "margin", "entropy");
        assertThat(((Number) confidence.get("max")).doubleValue()).isEqualTo(score);
        Map<String, Object> attribution = map(parameters.get("attribution"));
        assertThat(attribution).containsEntry("method", "occlusion").containsEntry("baseline", "reference mean")
                .containsKeys("features", "inferences");
        List<Object> features = list(attribution.get("features"));
        assertThat(features).hasSize(30);
        assertThat(map(features.get(0))).containsOnlyKeys("name", "value", "attribution")
                .containsEntry("name", "mean radius");
        assertThat(((Number) attribution.get("inferences")).intValue()).isEqualTo(33);
    }

    @Test
    void badParameterValuesAreAnswered400NamingTheParameter() throws Exception {
        givenTheBreastCancerModelWithExplanations();
        float[] row = firstTestRow();

        for (String bad : new String[] {"{\"top_k\":0}", "{\"top_k\":3}", "{\"top_k\":\"2\"}", "{\"top_k\":1.5}"}) {
            whenInferring(body(row, ",\"parameters\":" + bad));
            thenStatusIs(400);
            assertThat(error()).as(bad).contains("top_k");
        }
        whenInferring(body(row, ",\"parameters\":{\"explain\":\"yes\"}"));
        thenStatusIs(400);
        assertThat(error()).contains("explain");
        whenInferring(body(row, ",\"parameters\":{\"confidence\":1}"));
        thenStatusIs(400);
        assertThat(error()).contains("confidence");
    }

    @Test
    void explainOnAModelThatIsNotTabularIs400() throws Exception {
        server = new OipServerFixture(1 << 20);
        server.gateway.putImageClassifier();
        server.servlet.explanations = new ExplainerBridge(
                new ExplainerComponent(server.gateway, server.gateway, Configs.explain("occlusion", 256, 2)));
        String image = "{\"inputs\":[{\"name\":\"image\",\"shape\":[1,1,8,8],\"datatype\":\"FP32\",\"data\":"
                + Arrays.toString(new float[64]) + "}]";

        reply = server.post("/v2/models/pixels/infer", image + ",\"parameters\":{\"top_k\":2,\"confidence\":true}}");
        thenStatusIs(200);
        assertThat(list(map(json().get("parameters")).get("top_k"))).extracting(o -> map(o).get("label"))
                .containsExactly("dog", "bird");

        reply = server.post("/v2/models/pixels/infer", image + ",\"parameters\":{\"explain\":true}}");
        thenStatusIs(400);
        assertThat(error()).contains("explain").contains("not tabular").contains("FP32[1,1,8,8]");
    }

    @Test
    void importanceOverTheLabelledRows() throws Exception {
        givenTheBreastCancerModelWithExplanations();
        BreastCancerModel.Data test = BreastCancerFixture.model().test();
        List<float[]> rows = new ArrayList<>(Arrays.asList(test.rows()).subList(0, 60));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            labels.add(BreastCancerModel.LABELS.get(test.labels()[i]));
        }
        explainer.labelledRows(m -> new LabelledRows.Window(rows, labels));

        reply = server.get("/v2/models/breast_cancer/importance");

        thenStatusIs(200);
        Map<String, Object> json = json();
        assertThat(json).containsEntry("model", "breast_cancer").containsEntry("version", "1.0.0")
                .containsKeys("rows", "repeats", "features");
        assertThat(((Number) json.get("rows")).intValue()).isEqualTo(60);
        assertThat(((Number) json.get("repeats")).intValue()).isEqualTo(2);
        List<Object> features = list(json.get("features"));
        assertThat(features).hasSize(30);
        assertThat(map(features.get(0))).containsOnlyKeys("name", "importance", "std");
    }

    @Test
    void importanceRefusalsSayWhatIsMissing() throws Exception {
        givenTheBreastCancerModelWithExplanations();

        reply = server.get("/v2/models/breast_cancer/importance");
        thenStatusIs(503);
        assertThat(error()).contains("health monitor");

        explainer.labelledRows(m -> new LabelledRows.Window(List.of(), List.of()));
        reply = server.get("/v2/models/breast_cancer/importance");
        thenStatusIs(409);
        assertThat(error()).contains("no labelled rows").contains("feedback");

        reply = server.get("/v2/models/nope/importance");
        thenStatusIs(404);

        server.servlet.explanations = null;
        reply = server.get("/v2/models/breast_cancer/importance");
        thenStatusIs(503);
        assertThat(error()).contains("explain feature");
        whenInferring(body(firstTestRow(), ",\"parameters\":{\"top_k\":1}"));
        thenStatusIs(503);
        whenInferring(body(firstTestRow(), ""));
        thenStatusIs(200);
    }

    private void givenTheBreastCancerModelWithExplanations() throws Exception {
        model = new OnnxModelFolder(BreastCancerFixture.folder());
        explainer = new ExplainerComponent(model, model, Configs.explain("occlusion", 256, 2));
        server = new OipServerFixture(1 << 20);
        server.servlet.inference = model;
        server.servlet.registry = model;
        server.servlet.explanations = new ExplainerBridge(explainer);
    }

    private static float[] firstTestRow() throws Exception {
        return BreastCancerFixture.model().test().rows()[0];
    }

    private static String body(float[] row, String extra) {
        return "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,30],\"datatype\":\"FP32\",\"data\":" + Arrays.toString(row)
                + "}]" + extra + "}";
    }

    private void whenInferring(String body) throws Exception {
        reply = server.post("/v2/models/breast_cancer/infer", body);
    }

    private void thenStatusIs(int status) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
    }

    private String error() throws Exception {
        return (String) json().get("error");
    }

    private Map<String, Object> json() throws Exception {
        return map(StrictJson.read(reply.body().getBytes(StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
