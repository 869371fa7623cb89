package org.modelgate.monitor.metrics.internal;

import java.io.IOException;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /metrics}: the Prometheus text format (0.0.4), written by the Prometheus client. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("modelgate-metrics")
@HttpWhiteboardServletPattern("/metrics")
@SuppressWarnings("serial")
public class MetricsServlet extends HttpServlet {
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    @Reference
    transient InferenceMetrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        writer.write(response.getOutputStream(), metrics.scrape());
    }
}
