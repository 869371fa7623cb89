package org.modelgate.packaging.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.modelgate.json.StrictJson;
import org.modelgate.monitor.drift.ReferenceProfile;
import org.modelgate.monitor.drift.TensorProfile;
import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.PackageProblem;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SigningKey;

/**
 * What {@code mgpack reference} does: profiles training rows (and, when given, the model's outputs on
 * them), writes the profile into the folder's model.json as {@code "reference"} and signs the folder
 * again. model.json is rewritten whole (keys in their order, two-space indentation), written under a
 * temporary name and renamed.
 */
final class ReferenceWriting {
    private static final JsonFactory JSON = new JsonFactory();

    /** What was written, for the result line; {@code outputsNote} says how outputs were had, or why not. */
    record Written(int rows, String input, int features, String output, int classes, String outputsNote) {
    }

    private ReferenceWriting() {
    }

    static Written write(Path folder, TrainingData data, TrainingData givenOutputs, String inputName, SigningKey key)
            throws ModelPackageException, IOException {
        ModelJson.read(folder, folder.toString());
        Path file = folder.resolve(ModelPackages.MODEL_JSON);
        if (key == null && Files.exists(folder.resolve("model.sig"), LinkOption.NOFOLLOW_LINKS)) {
            throw refused(folder + " is signed (model.sig): give --key to sign it again once the reference is written");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new LinkedHashMap<>((Map<String, Object>) StrictJson.read(Files.readAllBytes(file)));
        String input = inputName != null ? inputName : firstTensor(json.get("inputs"), "input");
        int declared = lastDimension(json.get("inputs"), input);
        int width = data.rows()[0].length;
        if (declared > 0 && declared != width) {
            throw refused("model.json declares input '" + input + "' with " + declared + " features, the data rows have " + width);
        }
        Map<String, TensorProfile> inputs = Map.of(input, profile(() -> TensorProfile.ofRows(data.names(), data.rows())));
        Map<String, TensorProfile> outputProfiles = Map.of();
        String output = null;
        int classes = 0;
        ModelRun run = givenOutputs != null ? new ModelRun(givenOutputs, "from --outputs") : runModel(folder, json, input, data);
        TrainingData outputs = run.outputs();
        String note = run.note();
        if (outputs != null) {
            if (outputs.rows().length != data.rows().length) {
                throw refused("the outputs file has " + outputs.rows().length + " rows, the data " + data.rows().length
                        + ": give the model's output for each data row, in the same order");
            }
            output = firstTensor(json.get("outputs"), "output");
            classes = outputs.rows()[0].length;
            List<String> labels = labels(json.get("labels"), classes);
            outputProfiles = Map.of(output, profile(() -> TensorProfile.ofClassifierOutputs(labels, outputs.rows())));
        }
        json.put("reference", new ReferenceProfile(data.rows().length, inputs, outputProfiles).toJson());
        replace(file, json);
        if (key != null) {
            try {
                ModelSignatures.signer(key).sign(folder);
            } catch (ModelSignatureException e) {
                throw new ModelPackageException(PackageProblem.SIGNATURE, null, "cannot sign " + folder + ": " + e.getMessage(), e);
            }
        }
        return new Written(data.rows().length, input, width, output, classes, note);
    }

    private record ModelRun(TrainingData outputs, String note) {
    }

    /** The model's own outputs on the rows, when it is an ONNX model and ONNX Runtime is there. */
    private static ModelRun runModel(Path folder, Map<String, Object> json, String input, TrainingData data)
            throws ModelPackageException {
        if (!"onnx".equals(json.get("format")) || !(json.get("file") instanceof String file)) {
            return new ModelRun(null, "no outputs: not an ONNX model; give --outputs for prediction and confidence drift");
        }
        Path model = folder.resolve(file).normalize();
        if (!model.startsWith(folder.normalize()) || !Files.isRegularFile(model)) {
            throw refused("model.json's file '" + file + "' is not a file inside " + folder);
        }
        try {
            double[][] outputs = ModelOutputs.run(model, input, firstTensor(json.get("outputs"), null), data.rows());
            return new ModelRun(new TrainingData(List.of(), outputs), "computed by running " + file + " with ONNX Runtime");
        } catch (NoClassDefFoundError | UnsatisfiedLinkError e) {
            return new ModelRun(null, "no outputs: ONNX Runtime is not available here (" + e.getMessage()
                    + "); give --outputs for prediction and confidence drift");
        } catch (ModelOutputs.RunException e) {
            throw refused(e.getMessage());
        }
    }

    private static TensorProfile profile(java.util.function.Supplier<TensorProfile> build) throws ModelPackageException {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw refused("cannot profile the data: " + e.getMessage());
        }
    }

    private static String firstTensor(Object declared, String fallback) {
        if (declared instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> tensor
                && tensor.get("name") instanceof String name) {
            return name;
        }
        return fallback;
    }

    private static int lastDimension(Object declared, String name) {
        if (declared instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> tensor && name.equals(tensor.get("name")) && tensor.get("shape") instanceof List<?> shape
                        && !shape.isEmpty() && shape.get(shape.size() - 1) instanceof Number n) {
                    return n.intValue();
                }
            }
        }
        return -1;
    }

    private static List<String> labels(Object labels, int classes) {
        if (labels instanceof List<?> list && list.size() == classes && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return List.of();
    }

    private static void replace(Path file, Map<String, Object> json) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), ".model.json", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary); JsonGenerator g = JSON.createGenerator(out)) {
                g.useDefaultPrettyPrinter();
                value(g, json);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void value(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof java.math.BigInteger i) {
            g.writeNumber(i);
        } else if (value instanceof Number n) {
            g.writeNumber(n.longValue());
        } else {
            g.writeNull();
        }
    }

    private static ModelPackageException refused(String message) {
        return new ModelPackageException(PackageProblem.INVALID_MODEL_JSON, ModelPackages.MODEL_JSON, message);
    }
}
