package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Model health page's HTML. */
class ModelHealthPageTest {
    private static final String BASE = "/system/console/modelhealth";

    @Test
    void offersEveryModelSelectsOneAndLoadsTheChartsFromTheBundle() {
        String html = ModelHealthPage.html(BASE, List.of("iris", "wine"), "wine", true, "operator");

        assertThat(html).contains("<option value=\"iris\">iris</option><option value=\"wine\" selected>wine</option>")
                .contains("data-base=\"/system/console/modelhealth\" data-model=\"wine\" data-health=\"true\"")
                .contains("<script src=\"/system/console/modelhealth/assets/uPlot.iife.min.js\"></script>")
                .contains("<script src=\"/system/console/modelhealth/assets/modelhealth.js\"></script>")
                .contains("id=\"modelhealth-chart-latency\"").contains("id=\"modelhealth-chart-rate\"")
                .contains("id=\"modelhealth-chart-accuracy\"").contains("id=\"modelhealth-chart-drift\"")
                .contains("<table id=\"modelhealth-alerts\"").contains("<table id=\"modelhealth-alert-log\"")
                .contains("Signed in as <span id=\"modelgate-user\">operator</span>")
                .contains("<p id=\"modelhealth-health-missing\" class=\"ui-state-error\" hidden>")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void withoutTheHealthMonitorItSaysWhichFeatureIsNeededAndHidesThoseCharts() {
        String html = ModelHealthPage.html(BASE, List.of("iris"), "iris", false, null);

        assertThat(html).contains("<p id=\"modelhealth-health-missing\" class=\"ui-state-error\">"
                + "Drift, accuracy and alerts need the health feature (bundle org.modelgate.monitor.health).</p>")
                .contains("<div id=\"modelhealth-health\" hidden>")
                .doesNotContain("Signed in");
    }

    @Test
    void modelNamesAreEncodedIncludingTheConsolesTemplateMarker() {
        String hostile = "\"><script>alert(1)</script>${title}";
        String html = ModelHealthPage.html(BASE, List.of(hostile), hostile, false, null);

        assertThat(html).doesNotContain("<script>alert").doesNotContain("${")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&#36;{title}</option>");
    }

    @Test
    void withoutModelsItSaysTheChartsFillInWithTheFirstRequests() {
        assertThat(ModelHealthPage.html(BASE, List.of(), null, false, null))
                .contains("No model has served yet").contains("data-model=\"\"");
    }
}
