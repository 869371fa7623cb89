package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /v2/models/{name}/traffic[/promote|/rollback]}, present while the traffic manager is. An internal service of
 * this bundle: its type names nothing of the traffic API, so the servlet loads and serves without the traffic bundle
 * (which this bundle imports optionally).
 */
interface TrafficEndpoints {
    /**
     * {@code POST}: starts the policy in the body (TrafficPolicy JSON) and answers its status; {@code GET}: answers
     * the status of the model's policy.
     *
     * @param model the model
     * @param method the HTTP method
     * @param body the request body, bounded
     * @param response the response
     * @param operator who asks, for the audit trail
     * @throws IOException when reading or writing fails
     */
    void policy(String model, String method, InputStream body, HttpServletResponse response, String operator)
            throws IOException;

    /**
     * Promotes or rolls back the challenger now; the body is empty or {@code {"reason": "..."}}.
     *
     * @param model the model
     * @param promote true to promote, false to roll back
     * @param body the request body, bounded
     * @param response the response
     * @param operator who asks, for the audit trail
     * @throws IOException when reading or writing fails
     */
    void end(String model, boolean promote, InputStream body, HttpServletResponse response, String operator)
            throws IOException;
}
