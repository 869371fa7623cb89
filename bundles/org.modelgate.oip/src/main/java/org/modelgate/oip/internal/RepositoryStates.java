package org.modelgate.oip.internal;

import java.util.Locale;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelState;

/**
 * Maps Modelgate model states onto the states Triton's repository index reports.
 */
final class RepositoryStates {
    private RepositoryStates() {
    }

    /** READY and LOADING as they are; everything else is UNAVAILABLE, as Triton reports it. */
    static String tritonState(ModelState state) {
        switch (state) {
            case READY:
                return "READY";
            case LOADING:
                return "LOADING";
            default:
                return "UNAVAILABLE";
        }
    }

    /** The model's reason, else for UNAVAILABLE the Modelgate state in lower case ("unloaded"); else "". */
    static String reason(ModelInfo model) {
        if (model.reason() != null && !model.reason().isEmpty()) {
            return model.reason();
        }
        if (model.state() == ModelState.READY || model.state() == ModelState.LOADING) {
            return "";
        }
        return model.state().name().toLowerCase(Locale.ROOT);
    }
}
