package org.modelgate.explain.internal;

import java.nio.file.Path;

/**
 * The trained breast_cancer model version folder under target/test-models, made once per test run: trained, written
 * without a reference, run by ONNX Runtime on its training rows, written again with the full reference.
 */
public final class BreastCancerFixture {
    private static BreastCancerModel model;
    private static Path folder;

    private BreastCancerFixture() {
    }

    public static synchronized BreastCancerModel model() throws Exception {
        folder();
        return model;
    }

    public static synchronized Path folder() throws Exception {
        if (folder == null) {
            BreastCancerModel trained = BreastCancerModel.trained();
            Path out = Path.of("target", "test-models", "breast_cancer", "1.0.0").toAbsolutePath();
            trained.write(out, null);
            double[][] outputs;
            try (OnnxModelFolder served = new OnnxModelFolder(out)) {
                outputs = served.outputs(trained.train().rows());
            }
            trained.write(out, outputs);
            model = trained;
            folder = out;
        }
        return folder;
    }
}
