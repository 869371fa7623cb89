package org.modelgate.oip;

import java.util.Locale;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;

/**
 * The words Triton's clients expect where the protocol names a model's platform and repository state, shared by every
 * transport that speaks OIP (the REST codec here, the gRPC service) so they answer alike.
 *
 * <pre>
 * TritonNames.platform(model);        // "onnxruntime_onnx"
 * TritonNames.repositoryState(model); // "READY", "LOADING" or "UNAVAILABLE"
 * TritonNames.repositoryReason(model); // "" or why not ready, e.g. "unloaded"
 * </pre>
 *
 * @since 1.3
 */
public final class TritonNames {
    private TritonNames() {
    }

    /**
     * The platform as Triton writes it: {@code onnxruntime_onnx} for the ONNX Runtime backend; the bare format when
     * no backend serves the model, {@code unknown} when the format is not known either.
     *
     * @param model the model
     * @return {@code backend_format}, or the format
     */
    public static String platform(ModelInfo model) {
        String format = model.format() == null ? "unknown" : model.format();
        return model.backend() == null ? format : model.backend() + "_" + format;
    }

    /**
     * The model's state in a repository index: {@code READY} and {@code LOADING} as they are, everything else
     * {@code UNAVAILABLE}, as Triton reports it.
     *
     * @param model the model
     * @return the state word
     */
    public static String repositoryState(ModelInfo model) {
        switch (model.state()) {
            case READY:
                return "READY";
            case LOADING:
                return "LOADING";
            default:
                return "UNAVAILABLE";
        }
    }

    /**
     * Why the model is in its repository state: its own reason, else for {@code UNAVAILABLE} the Modelgate state in
     * lower case ({@code unloaded}); {@code ""} when there is none.
     *
     * @param model the model
     * @return the reason, never null
     */
    public static String repositoryReason(ModelInfo model) {
        if (model.reason() != null && !model.reason().isEmpty()) {
            return model.reason();
        }
        if (model.state() == ModelState.READY || model.state() == ModelState.LOADING) {
            return "";
        }
        return model.state().name().toLowerCase(Locale.ROOT);
    }
}
