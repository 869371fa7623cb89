package org.modelgate.optimize.minilm;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.modelgate.optimize.folder.ModelJson;
import org.modelgate.optimize.report.OrtModel;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.Sample;
import org.modelgate.optimize.report.Tensor;
import org.modelgate.optimize.report.WordPieceTokenizer;

/**
 * all-MiniLM-L6-v2 fp32 from its Maven jar (LangChain4j's embeddings), laid out as a model version folder whose
 * golden samples are real sentences tokenized with the model's own vocabulary, expecting fp32's outputs.
 */
public final class MiniLmFixture {
    /** The fp32 model in the LangChain4j jar. */
    public static final String FP32 = "all-minilm-l6-v2.onnx";
    /** Its tokenizer. */
    public static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
    /** The sentences of the golden samples. */
    public static final List<String> SENTENCES = List.of(
            "The gateway serves models on the edge without a cloud.",
            "A model four times smaller decides whether a use case fits.",
            "Every optimized model loads and passes its golden samples.");
    /** Tokens per golden sample. */
    public static final int SEQ = 16;

    private MiniLmFixture() {
    }

    /**
     * Writes {@code <folder>/model.onnx}, {@code tokenizer.json} and a model.json with golden samples.
     *
     * @param folder the version folder to write
     * @param tolerance the golden samples' tolerance
     * @return the folder
     * @throws Exception when the jar is not on the class path or ONNX Runtime fails
     */
    public static Path writeFolder(Path folder, double tolerance) throws Exception {
        Files.createDirectories(folder);
        copy(FP32, folder.resolve("model.onnx"));
        copy(TOKENIZER, folder.resolve("tokenizer.json"));
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(folder.resolve("tokenizer.json"));
        ReferenceSamples samples = ReferenceSamples.sentences(SENTENCES, tokenizer,
                List.of("input_ids", "attention_mask", "token_type_ids"), SEQ);
        List<Object> golden = new ArrayList<>();
        try (OrtModel model = OrtModel.open(folder.resolve("model.onnx"), 1)) {
            for (Sample sample : samples.samples()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                List<Object> inputs = new ArrayList<>();
                for (Tensor t : sample.inputs()) {
                    inputs.add(Map.of("name", t.name(), "datatype", "INT64", "shape", List.of(1L, (long) SEQ),
                            "data", java.util.Arrays.stream(t.longs()).boxed().toList()));
                }
                entry.put("inputs", inputs);
                Tensor output = model.run(sample).get(0);
                List<Object> data = new ArrayList<>();
                for (double d : output.data()) {
                    data.add((float) d);
                }
                entry.put("outputs", List.of(Map.of("name", output.name(), "data", data)));
                entry.put("tolerance", tolerance);
                golden.add(entry);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "minilm");
        json.put("version", "1.0.0");
        json.put("format", "onnx");
        json.put("file", "model.onnx");
        json.put("golden", golden);
        ModelJson.write(json, folder.resolve("model.json"));
        return folder;
    }

    private static void copy(String resource, Path target) throws Exception {
        try (InputStream in = MiniLmFixture.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (langchain4j embeddings jar, test scope)");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
