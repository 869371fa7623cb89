package org.modelgate.optimize.distill;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * The teacher: an ONNX classifier with one FP32 input {@code [batch, features]}, run through ONNX Runtime in
 * batches. Its scores are its first FP32 output of rank 2 ({@code [batch, classes]}), probabilities or logits.
 */
final class Teacher implements AutoCloseable {
    private static final int BATCH = 256;

    private final Path file;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final long features;

    private Teacher(Path file, OrtSession session, String input, String output, long features) {
        this.file = file;
        this.session = session;
        this.input = input;
        this.output = output;
        this.features = features;
    }

    /**
     * Loads the teacher.
     *
     * @throws IOException when the file is no ONNX model ONNX Runtime can load, or not a classifier of the expected
     *         shape, saying what it has instead
     */
    static Teacher open(Path file) throws IOException {
        OrtSession session;
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            session = OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new IOException("teacher " + file + " does not load in ONNX Runtime: " + e.getMessage(), e);
        }
        try {
            if (session.getInputInfo().size() != 1) {
                throw new IOException("teacher " + file + " has inputs " + session.getInputNames()
                        + "; distillation takes a model with one FP32 input [batch, features]");
            }
            Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
            if (!(in.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 2) {
                throw new IOException("teacher " + file + " input '" + in.getKey() + "' is " + in.getValue().getInfo()
                        + "; distillation takes a model with one FP32 input [batch, features]");
            }
            long features = t.getShape()[1];
            String output = null;
            for (Map.Entry<String, NodeInfo> out : session.getOutputInfo().entrySet()) {
                if (out.getValue().getInfo() instanceof TensorInfo o && o.type == OnnxJavaType.FLOAT && o.getShape().length == 2) {
                    output = out.getKey();
                    break;
                }
            }
            if (output == null) {
                throw new IOException("teacher " + file + " has no FP32 output [batch, classes] among "
                        + session.getOutputNames() + "; distillation needs the classifier's scores");
            }
            return new Teacher(file, session, in.getKey(), output, features);
        } catch (IOException | OrtException | RuntimeException e) {
            closeQuietly(session, e);
            throw e instanceof IOException io ? io : new IOException("teacher " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the number of features the teacher takes, -1 when its input does not say */
    long features() {
        return features;
    }

    /** @return the name of the teacher's input */
    String input() {
        return input;
    }

    /** @return the name of the output whose scores are distilled */
    String output() {
        return output;
    }

    /**
     * The teacher's scores of each row.
     *
     * @param progress told how many rows are done after each batch
     * @throws IOException when a row's width does not fit or ONNX Runtime fails
     */
    float[][] scores(float[][] rows, java.util.function.IntConsumer progress) throws IOException {
        int width = rows.length == 0 ? 0 : rows[0].length;
        if (features > 0 && width != features) {
            throw new IOException("teacher " + file + " takes " + features + " features, the data has " + width
                    + " (label column excluded); check --labels");
        }
        float[][] scores = new float[rows.length][];
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        for (int start = 0; start < rows.length; start += BATCH) {
            int end = Math.min(rows.length, start + BATCH);
            FloatBuffer buffer = FloatBuffer.allocate((end - start) * width);
            for (int r = start; r < end; r++) {
                buffer.put(rows[r]);
            }
            buffer.flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, buffer, new long[] {end - start, width});
                    OrtSession.Result result = session.run(Map.of(input, tensor), java.util.Set.of(output))) {
                OnnxValue value = result.get(0);
                float[][] batch = (float[][]) value.getValue();
                System.arraycopy(batch, 0, scores, start, batch.length);
            } catch (OrtException e) {
                throw new IOException("teacher " + file + " failed on rows " + start + ".." + (end - 1) + ": " + e.getMessage(), e);
            }
            progress.accept(end);
        }
        int classes = scores.length == 0 ? 0 : scores[0].length;
        if (classes < 2 || Arrays.stream(scores).anyMatch(s -> s.length != classes)) {
            throw new IOException("teacher " + file + " output '" + output + "' has " + classes
                    + " values a row; distillation needs 2 classes or more");
        }
        return scores;
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IOException("closing teacher " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception cause) {
        try {
            session.close();
        } catch (OrtException e) {
            cause.addSuppressed(e);
        }
    }
}
