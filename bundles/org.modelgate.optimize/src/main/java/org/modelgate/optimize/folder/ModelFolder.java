package org.modelgate.optimize.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.report.OrtModel;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.report.Sample;
import org.modelgate.optimize.report.Tensor;

/**
 * The model an optimizer starts from (a model folder, its model.json, or a bare ONNX file) and the folder it writes:
 * the optimized model beside a copy of the original's model.json whose golden samples expect the optimized model's
 * outputs, ready for {@code mgpack pack}. {@code model.sig} is not copied: the new folder is signed when packed.
 *
 * <pre>
 * ModelFolder source = ModelFolder.open(Path.of("models/minilm/1.0.0"));
 * ModelFolder.Written written = source.write(quantized, Path.of("build/minilm-int8"), Optional.of("1.0.1"));
 * // build/minilm-int8/model.onnx, build/minilm-int8/model.json
 * </pre>
 */
public final class ModelFolder {
    /** The model file name in a written folder when the original has no model.json. */
    public static final String DEFAULT_FILE = "model.onnx";

    private final Path modelFile;
    private final Optional<Path> modelJson;

    private ModelFolder(Path modelFile, Optional<Path> modelJson) {
        this.modelFile = modelFile;
        this.modelJson = modelJson;
    }

    /**
     * What was written.
     *
     * @param folder the folder written, or the file's folder when a bare ONNX file was asked for
     * @param modelFile the optimized model file
     * @param modelJson the model.json written, empty when none (a bare file, or an original without one)
     * @param notes golden samples whose expected outputs moved beyond their tolerance, labels no longer predicted
     */
    public record Written(Path folder, Path modelFile, Optional<Path> modelJson, List<String> notes) {
    }

    /**
     * Opens a source: a folder holding model.json, a model.json, or an ONNX file (with the model.json beside it when
     * that names the file).
     *
     * @param source the path
     * @return the source
     * @throws OptimizationException when it is none of these or model.json names no ONNX file there
     */
    public static ModelFolder open(Path source) throws OptimizationException {
        if (Files.isDirectory(source)) {
            Path json = source.resolve("model.json");
            if (!Files.isRegularFile(json)) {
                throw new OptimizationException(source + " holds no model.json: give the folder of a model version or an"
                        + " ONNX file");
            }
            return fromJson(json);
        }
        if (!Files.isRegularFile(source)) {
            throw new OptimizationException(source + " does not exist");
        }
        if (source.getFileName().toString().equals("model.json")) {
            return fromJson(source);
        }
        Path beside = source.toAbsolutePath().getParent().resolve("model.json");
        if (Files.isRegularFile(beside)) {
            Map<String, Object> json = ModelJson.read(beside);
            if (json.get("file") instanceof String file && beside.getParent().resolve(file).normalize()
                    .equals(source.toAbsolutePath().normalize())) {
                return new ModelFolder(source, Optional.of(beside));
            }
        }
        return new ModelFolder(source, Optional.empty());
    }

    private static ModelFolder fromJson(Path json) throws OptimizationException {
        Map<String, Object> doc = ModelJson.read(json);
        if (!(doc.get("file") instanceof String file)) {
            throw new OptimizationException(json + " names no \"file\"");
        }
        if (doc.get("format") instanceof String format && !format.equals("onnx")) {
            throw new OptimizationException(json + " is a '" + format + "' model: the optimizer takes ONNX models only");
        }
        Path model = json.toAbsolutePath().getParent().resolve(file).normalize();
        if (!Files.isRegularFile(model)) {
            throw new OptimizationException(json + " names \"file\": \"" + file + "\", which is not there");
        }
        return new ModelFolder(model, Optional.of(json));
    }

    /**
     * The original model file.
     *
     * @return the ONNX file
     */
    public Path modelFile() {
        return modelFile;
    }

    /**
     * The original's model.json.
     *
     * @return it, when there is one
     */
    public Optional<Path> modelJson() {
        return modelJson;
    }

    /**
     * The original model.
     *
     * @return the parsed model
     * @throws OptimizationException when it cannot be read (external data is refused)
     */
    public ModelProto read() throws OptimizationException {
        try {
            return OnnxModelFile.read(modelFile);
        } catch (IOException e) {
            throw new OptimizationException(e.getMessage(), e);
        }
    }

    /**
     * model.json's golden samples and labels.
     *
     * @return the samples; none without model.json or golden samples
     * @throws OptimizationException when model.json's golden samples are malformed
     */
    public ReferenceSamples goldenSamples() throws OptimizationException {
        return modelJson.isPresent() ? ReferenceSamples.fromModelJson(modelJson.get()) : ReferenceSamples.of(List.of());
    }

    /**
     * Writes an optimized model: into {@code out} as a bare file when it ends with {@code .onnx}, else into the folder
     * {@code out} beside the updated model.json (when the original has one).
     *
     * @param optimized the optimized model
     * @param out a folder, or an {@code .onnx} file
     * @param version the version the new model.json gets; empty keeps the original's
     * @return what was written
     * @throws OptimizationException when writing fails or the optimized model cannot run a golden sample
     */
    public Written write(ModelProto optimized, Path out, Optional<String> version) throws OptimizationException {
        Path file = target(out);
        try {
            OnnxModelFile.write(optimized, file);
        } catch (IOException e) {
            throw new OptimizationException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return finish(file, out, version);
    }

    /**
     * Like {@link #write(ModelProto, Path, Optional)} for a model already written to a file (copied).
     *
     * @param optimizedFile the optimized ONNX file
     * @param out a folder, or an {@code .onnx} file
     * @param version the version the new model.json gets; empty keeps the original's
     * @return what was written
     * @throws OptimizationException when writing fails or the optimized model cannot run a golden sample
     */
    public Written write(Path optimizedFile, Path out, Optional<String> version) throws OptimizationException {
        Path file = target(out);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file) || !Files.isSameFile(optimizedFile, file)) {
                Files.copy(optimizedFile, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new OptimizationException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return finish(file, out, version);
    }

    private Path target(Path out) throws OptimizationException {
        if (out.toString().endsWith(".onnx")) {
            return out;
        }
        if (Files.isRegularFile(out)) {
            throw new OptimizationException("--out " + out + " is a file: give a folder, or a file name ending in .onnx");
        }
        String name = DEFAULT_FILE;
        if (modelJson.isPresent()) {
            name = modelFile.getFileName().toString();
        }
        return out.resolve(name);
    }

    private Written finish(Path file, Path out, Optional<String> version) throws OptimizationException {
        Path folder = file.toAbsolutePath().getParent();
        if (out.toString().endsWith(".onnx") || modelJson.isEmpty()) {
            return new Written(folder, file, Optional.empty(), List.of());
        }
        Map<String, Object> json = ModelJson.read(modelJson.get());
        version.ifPresent(v -> json.put("version", v));
        // The model file keeps its name relative to model.json; only a nested path is flattened.
        json.put("file", file.getFileName().toString());
        List<String> notes = new ArrayList<>();
        if (json.get("golden") instanceof List<?> golden && !golden.isEmpty()) {
            json.put("golden", updatedGolden(golden, file, notes));
        }
        Path written = folder.resolve("model.json");
        try {
            ModelJson.write(json, written);
        } catch (IOException e) {
            throw new OptimizationException("cannot write " + written + ": " + e.getMessage(), e);
        }
        return new Written(folder, file, Optional.of(written), notes);
    }

    private List<Object> updatedGolden(List<?> golden, Path file, List<String> notes) throws OptimizationException {
        List<Object> updated = new ArrayList<>();
        List<String> labels = goldenSamples().labels();
        try (OrtModel model = OrtModel.open(file, 1)) {
            for (int g = 0; g < golden.size(); g++) {
                final int i = g;
                Sample sample = ReferenceSamples.goldenSample(golden.get(i), "golden[" + i + "]");
                List<Tensor> outputs = model.run(sample);
                Map<String, Object> entry = new LinkedHashMap<>();
                ((Map<?, ?>) golden.get(i)).forEach((k, v) -> entry.put(String.valueOf(k), v));
                if (!sample.expected().isEmpty()) {
                    entry.put("outputs", expected(sample, outputs, i, notes));
                }
                sample.label().ifPresent(label -> checkLabel(label, labels, outputs, i, notes));
                updated.add(entry);
            }
        }
        return updated;
    }

    private static List<Object> expected(Sample sample, List<Tensor> outputs, int index, List<String> notes)
            throws OptimizationException {
        List<Object> written = new ArrayList<>();
        for (Tensor old : sample.expected()) {
            Tensor now = outputs.stream().filter(t -> t.name().equals(old.name())).findFirst()
                    .orElseThrow(() -> new OptimizationException("golden[" + index + "] expects output '" + old.name()
                            + "', which the optimized model does not have"));
            double moved = 0;
            for (int v = 0; v < Math.min(old.data().length, now.data().length); v++) {
                moved = Math.max(moved, Math.abs(old.data()[v] - now.data()[v]));
            }
            if (moved > sample.tolerance()) {
                notes.add(String.format(Locale.ROOT, "golden[%d] output '%s' moved by up to %.6f (tolerance %s): it now"
                        + " expects the optimized model's outputs", index, old.name(), moved, sample.tolerance()));
            }
            Map<String, Object> tensor = new LinkedHashMap<>();
            tensor.put("name", now.name());
            List<Object> data = new ArrayList<>();
            for (double d : now.data()) {
                data.add(now.datatype().startsWith("INT") ? (Object) (long) d : (Object) (float) d);
            }
            tensor.put("data", data);
            written.add(tensor);
        }
        return written;
    }

    private static void checkLabel(String label, List<String> labels, List<Tensor> outputs, int index, List<String> notes) {
        double[] first = outputs.get(0).data();
        int best = 0;
        for (int i = 1; i < first.length; i++) {
            if (first[i] > first[best]) {
                best = i;
            }
        }
        String predicted = best < labels.size() ? labels.get(best) : String.valueOf(best);
        if (!predicted.equals(label)) {
            notes.add("golden[" + index + "] expects label '" + label + "' but the optimized model predicts '" + predicted
                    + "': that version would fail its trial on the gateway");
        }
    }
}
