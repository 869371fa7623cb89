package org.modelgate.webconsole.internal;

import java.util.List;

import org.modelgate.api.ModelInfo;
import org.owasp.encoder.Encode;

/**
 * The Models page's content: one table row per model (name, active version, all versions, state,
 * backend, and why when it is not serving), in the console's own table style. Everything that comes
 * from a model is HTML-encoded, and {@code $} too: the console replaces {@code ${...}} in plugin output
 * with its own texts.
 */
final class ModelsTable {
    private ModelsTable() {
    }

    /**
     * Renders the page body.
     *
     * @param models the models, or null when no model registry is present
     * @param user the operator viewing the page, or null
     * @return HTML for inside the console's frame
     */
    static String html(List<ModelInfo> models, String user) {
        StringBuilder html = new StringBuilder(512);
        html.append("<p class=\"statline ui-state-highlight\">");
        if (models == null) {
            html.append("The model registry is not available (is the core bundle running?).");
        } else {
            html.append(models.size()).append(models.size() == 1 ? " model" : " models").append(" on this gateway.");
        }
        if (user != null) {
            html.append(" Signed in as <span id=\"modelgate-user\">").append(text(user)).append("</span>.");
        }
        html.append("</p>\n");
        if (models == null) {
            return html.toString();
        }
        html.append("<table id=\"modelgate-models\" class=\"tablesorter nicetable\">\n<thead><tr>")
                .append("<th>Model</th><th>Active version</th><th>Versions</th><th>State</th><th>Backend</th><th>Reason</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (ModelInfo model : models) {
            html.append("<tr data-model=\"").append(attribute(model.name())).append("\">")
                    .append(cell(model.name()))
                    .append(cell(model.version()))
                    .append(cell(String.join(", ", model.versions())))
                    .append(cell(model.state().name()))
                    .append(cell(model.backend()))
                    .append(cell(model.reason()))
                    .append("</tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    private static String cell(String value) {
        return "<td>" + (value == null ? "" : text(value)) + "</td>";
    }

    static String text(String value) {
        return Encode.forHtmlContent(value).replace("$", "&#36;");
    }

    private static String attribute(String value) {
        return Encode.forHtmlAttribute(value).replace("$", "&#36;");
    }
}
