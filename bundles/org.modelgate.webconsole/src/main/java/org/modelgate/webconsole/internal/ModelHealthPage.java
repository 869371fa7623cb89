package org.modelgate.webconsole.internal;

import java.util.List;

import org.owasp.encoder.Encode;

/**
 * The Model health page's HTML: a model selector, the chart containers and the two scripts (uPlot and
 * the page's own, both served from this bundle: gateways are offline). The script polls
 * {@code data.json} and draws; each chart container carries {@code data-points}, the number of points
 * it draws, which tests read from the DOM. Model names are user data: every one is encoded, {@code $}
 * included (the console replaces {@code ${...}} in plugin output).
 */
final class ModelHealthPage {
    private ModelHealthPage() {
    }

    /**
     * Renders the page body.
     *
     * @param base the page's own address ({@code /system/console/modelhealth})
     * @param models the models to choose from
     * @param selected the model shown first, or null when there is none
     * @param healthAvailable whether the health monitor is present
     * @param user the operator viewing the page, or null
     * @return HTML for inside the console's frame
     */
    static String html(String base, List<String> models, String selected, boolean healthAvailable, String user) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<p class=\"statline ui-state-highlight\">");
        if (models.isEmpty()) {
            html.append("No model has served yet: the charts fill in with the first requests.");
        } else {
            html.append("Latency and requests per second of the last 10 minutes, per model version.");
        }
        if (user != null) {
            html.append(" Signed in as <span id=\"modelgate-user\">").append(ModelsTable.text(user)).append("</span>.");
        }
        html.append("</p>\n");
        html.append("<div id=\"modelhealth\" data-base=\"").append(attribute(base)).append("\" data-model=\"")
                .append(selected == null ? "" : attribute(selected)).append("\" data-health=\"").append(healthAvailable)
                .append("\">\n");
        html.append("<p><label for=\"modelhealth-model\">Model</label> <select id=\"modelhealth-model\">");
        for (String model : models) {
            html.append("<option value=\"").append(attribute(model)).append('"')
                    .append(model.equals(selected) ? " selected" : "").append('>').append(ModelsTable.text(model)).append("</option>");
        }
        html.append("</select> <span id=\"modelhealth-status\" data-updates=\"0\">waiting for data</span></p>\n");
        html.append("<p id=\"modelhealth-health-missing\" class=\"ui-state-error\"")
                .append(healthAvailable ? " hidden" : "").append('>').append(DashboardData.HEALTH_MISSING).append("</p>\n");
        chart(html, "latency", "Latency (ms): p50 and p95 per version, per second");
        chart(html, "rate", "Requests per second per version (and failures)");
        html.append("<div id=\"modelhealth-health\"").append(healthAvailable ? "" : " hidden").append(">\n");
        chart(html, "accuracy", "Accuracy and share of drifted features over time");
        chart(html, "drift", "Drift per feature: statistic against threshold");
        html.append("<p id=\"modelhealth-drift-unavailable\"></p>\n");
        table(html, "alerts", "Raised alerts");
        table(html, "alert-log", "Recent alert transitions of this model");
        html.append("</div>\n</div>\n");
        html.append("<script src=\"").append(attribute(base)).append("/assets/uPlot.iife.min.js\"></script>\n");
        html.append("<script src=\"").append(attribute(base)).append("/assets/modelhealth.js\"></script>\n");
        return html.toString();
    }

    private static void chart(StringBuilder html, String id, String title) {
        html.append("<h3 class=\"modelhealth-title\">").append(title).append("</h3>\n<div id=\"modelhealth-chart-").append(id)
                .append("\" class=\"modelhealth-chart\" data-points=\"0\"></div>\n");
    }

    private static void table(StringBuilder html, String id, String title) {
        html.append("<h3 class=\"modelhealth-title\">").append(title).append("</h3>\n<table id=\"modelhealth-").append(id)
                .append("\" class=\"nicetable\" data-rows=\"0\"><thead><tr><th>Since</th><th>State</th><th>Model</th><th>Version</th>")
                .append("<th>Kind</th><th>Subject</th><th>Statistic</th><th>Value</th><th>Threshold</th><th>Evidence</th>")
                .append("</tr></thead><tbody></tbody></table>\n");
    }

    private static String attribute(String value) {
        return Encode.forHtmlAttribute(value).replace("$", "&#36;");
    }
}
