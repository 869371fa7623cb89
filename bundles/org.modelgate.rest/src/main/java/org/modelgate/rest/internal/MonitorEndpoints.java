package org.modelgate.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /v2/models/{name}/monitor} (and {@code /versions/{v}/monitor}) and {@code POST /v2/models/{name}/feedback}, present while the health
 * service is. An internal service of this bundle: its type names nothing of the health API, so the servlet
 * loads and serves without the health bundle (which this bundle imports optionally).
 */
interface MonitorEndpoints {
    /**
     * Answers the model's health report: the serving version's, or a given version's (a challenger's).
     *
     * @param model the model
     * @param version the version, or null for the serving one
     * @param response the response
     * @throws IOException when writing fails
     */
    void monitor(String model, String version, HttpServletResponse response) throws IOException;

    /**
     * Takes a feedback body and answers the result.
     *
     * @param model the model
     * @param body the request body, bounded
     * @param response the response
     * @throws IOException when reading or writing fails
     */
    void feedback(String model, InputStream body, HttpServletResponse response) throws IOException;
}
