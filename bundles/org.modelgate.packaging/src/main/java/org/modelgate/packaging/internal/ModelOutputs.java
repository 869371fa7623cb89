package org.modelgate.packaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Runs an ONNX model on the training rows with ONNX Runtime's Java API, for the output side of
 * {@code mgpack reference}: the first (or named) output, which must be a 2-D float tensor (a
 * classifier's probabilities or scores). Loaded only when ONNX Runtime is there: the gateway's
 * {@code ai.onnxruntime} bundle (an optional import), or the jars {@code bin/mgpack} puts on the
 * class path, whose natives it names in {@value #NATIVES_PROPERTY}.
 */
final class ModelOutputs {
    /** The native fragment jar ({@code native/<platform>/*.so}) that bin/mgpack names for ONNX Runtime. */
    static final String NATIVES_PROPERTY = "modelgate.ort.natives";
    private static final int BATCH = 256;

    private ModelOutputs() {
    }

    /** A model that cannot be run on the data; the message says why. */
    static final class RunException extends Exception {
        private static final long serialVersionUID = 1L;

        RunException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static double[][] run(Path modelFile, String input, String output, double[][] rows) throws RunException {
        try {
            prepareNatives();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                    OrtSession session = env.createSession(modelFile.toString(), options)) {
                String in = session.getInputNames().contains(input) ? input : session.getInputNames().iterator().next();
                String out = output != null && session.getOutputNames().contains(output) ? output : session.getOutputNames().iterator().next();
                double[][] result = new double[rows.length][];
                for (int start = 0; start < rows.length; start += BATCH) {
                    int n = Math.min(BATCH, rows.length - start);
                    float[][] batch = new float[n][];
                    for (int r = 0; r < n; r++) {
                        double[] row = rows[start + r];
                        batch[r] = new float[row.length];
                        for (int c = 0; c < row.length; c++) {
                            batch[r][c] = (float) row[c];
                        }
                    }
                    try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch);
                            OrtSession.Result values = session.run(Map.of(in, tensor), java.util.Set.of(out))) {
                        OnnxValue value = values.get(0);
                        if (!(value.getValue() instanceof float[][] probabilities)) {
                            throw new RunException("output '" + out + "' is not a 2-D float tensor (" + value.getInfo()
                                    + "): give the outputs with --outputs", null);
                        }
                        for (int r = 0; r < n; r++) {
                            result[start + r] = new double[probabilities[r].length];
                            for (int c = 0; c < probabilities[r].length; c++) {
                                result[start + r][c] = probabilities[r][c];
                            }
                        }
                    }
                }
                return result;
            }
        } catch (OrtException e) {
            throw new RunException("ONNX Runtime cannot run " + modelFile + " on the data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RunException("cannot unpack ONNX Runtime's natives from " + System.getProperty(NATIVES_PROPERTY) + ": " + e, e);
        }
    }

    /** On the command line: unpacks the native fragment's libraries and points ONNX Runtime at them. */
    private static synchronized void prepareNatives() throws IOException {
        String jar = System.getProperty(NATIVES_PROPERTY);
        if (jar == null || jar.isEmpty() || System.getProperty("onnxruntime.native.path") != null) {
            return;
        }
        Path dir = Files.createTempDirectory("mgpack-ort");
        try (JarFile natives = new JarFile(jar)) {
            for (Enumeration<JarEntry> entries = natives.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("native/") && (name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll"))) {
                    Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
                    try (InputStream in = natives.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    target.toFile().deleteOnExit();
                }
            }
        }
        dir.toFile().deleteOnExit();
        System.setProperty("onnxruntime.native.path", dir.toString());
    }
}
