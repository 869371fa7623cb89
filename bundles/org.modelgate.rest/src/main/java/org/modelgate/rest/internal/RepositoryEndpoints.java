package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.Operator;
import org.modelgate.oip.OipCodec;
import org.modelgate.oip.RepositoryIndexRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Triton's model repository extension: index, load, unload.
 */
final class RepositoryEndpoints {
    private final Services services;

    RepositoryEndpoints(Services services) {
        this.services = services;
    }

    void index(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        RepositoryIndexRequest query = Replies.indexRequest(request, limit);
        List<ModelInfo> models = services.registry().models();
        if (query.readyOnly()) {
            models = models.stream().filter(ModelInfo::isReady).collect(Collectors.toList());
        }
        Replies.begin(response, 200);
        OipCodec.writeRepositoryIndex(models, response.getOutputStream());
    }

    /**
     * Loads the model's active version; answers its index entry. {@code ?force=true} loads a quarantined (CRASHED)
     * version through a new trial instead of refusing it. The body (Triton's parameters) is ignored.
     */
    void load(Route route, HttpServletRequest request, HttpServletResponse response, String operator) throws IOException {
        String force = request.getParameter("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw new org.modelgate.api.InvalidInputException("force must be true or false, not '" + force + "'");
        }
        ModelInfo model = Operator.call(operator, () -> services.registry().load(route.model(), "true".equals(force)));
        Replies.begin(response, 200);
        OipCodec.writeRepositoryEntry(model, response.getOutputStream());
    }

    void unload(Route route, HttpServletResponse response, String operator) throws IOException {
        ModelInfo model = Operator.call(operator, () -> services.registry().unload(route.model()));
        Replies.begin(response, 200);
        OipCodec.writeRepositoryEntry(model, response.getOutputStream());
    }
}
