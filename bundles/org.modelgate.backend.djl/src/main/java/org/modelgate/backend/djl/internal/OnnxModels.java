package org.modelgate.backend.djl.internal;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.modelgate.accel.onnxruntime.session.SessionSettings;
import org.modelgate.api.ModelLoadException;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import ai.onnxruntime.OrtSession;

/**
 * Loads {@code onnx} models on DJL's OnnxRuntime engine.
 *
 * <p>The session is created here, with the same settings the onnxruntime backend would use, and handed to DJL's
 * own {@link OrtSymbolBlock}: DJL's {@code OrtModel.load} would take the same path but hide the session, whose
 * element types, shapes and dimension names the signature needs. Every run goes through DJL (NDArrays, Predictor,
 * block).
 */
final class OnnxModels {
    private OnnxModels() {
    }

    static DjlModel load(String label, Path file, SessionSettings settings, Consumer<DjlModel> onClose) {
        Model model = Model.newInstance(label, Device.cpu(), Engines.ONNX.engineName());
        OrtSession session = null;
        try {
            session = createSession(file, settings, label);
            ModelSignature signature = OnnxSignature.read(session, label);
            model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
            return new DjlModel(label, Engines.ONNX, model, signature, onClose);
        } catch (OrtException e) {
            closeQuietly(session);
            model.close();
            throw new ModelLoadException("model " + label + ": onnxruntime cannot describe the inputs and outputs of "
                    + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(session);
            model.close();
            throw e;
        }
    }

    private static OrtSession createSession(Path file, SessionSettings settings, String label) {
        try (OrtSession.SessionOptions options = settings.toSessionOptions()) {
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException("model " + label + ": djl's onnxruntime cannot load " + file + hint(e.getCode())
                    + ": " + e.getMessage(), e);
        }
    }

    private static String hint(OrtErrorCode code) {
        switch (code) {
            case ORT_INVALID_PROTOBUF:
                return " (not a valid ONNX file: corrupt, truncated or another format?)";
            case ORT_INVALID_GRAPH:
                return " (the ONNX graph is invalid)";
            case ORT_NOT_IMPLEMENTED:
                return " (the model uses an operator or opset this ONNX Runtime version does not support)";
            default:
                return "";
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException | RuntimeException e) {
                System.getLogger(OnnxModels.class.getName()).log(System.Logger.Level.WARNING,
                        "closing a half-loaded onnxruntime session failed", e);
            }
        }
    }
}
