package org.modelgate.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's Model health page ({@code /system/console/modelhealth}, category Modelgate): charts of
 * each model version's latency and request rate from this bundle's own {@link TrafficSeries}, and, with
 * the {@code health} feature, drift, accuracy and alerts. Serves under its label the data the page
 * polls ({@code data.json?model=NAME}) and its scripts ({@code assets/...}, uPlot among them, from this
 * bundle: gateways are offline). Everything goes through the console, behind its login.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + ModelHealthPlugin.LABEL,
        "felix.webconsole.title=Model health",
        "felix.webconsole.category=Modelgate",
        "felix.webconsole.css=/" + ModelHealthPlugin.LABEL + "/assets/uPlot.min.css",
        "felix.webconsole.css=/" + ModelHealthPlugin.LABEL + "/assets/modelhealth.css" })
@SuppressWarnings("serial")
public class ModelHealthPlugin extends HttpServlet {
    static final String LABEL = "modelhealth";
    /** The request attribute in which the console passes its root ({@code /system/console}). */
    private static final String APP_ROOT = "felix.webconsole.appRoot";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** The files the page loads, by the name in its address: nothing else of the bundle is served. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript;charset=UTF-8"),
            "uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css;charset=UTF-8"),
            "modelhealth.js", new Asset("modelhealth/modelhealth.js", "text/javascript;charset=UTF-8"),
            "modelhealth.css", new Asset("modelhealth/modelhealth.css", "text/css;charset=UTF-8"));

    @Reference
    TrafficSeries traffic;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HealthSource health;

    Clock clock = Clock.systemUTC();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String prefix = "/" + LABEL + "/";
        if (path.equals(prefix + "data.json")) {
            data(request, response);
        } else if (path.startsWith(prefix + "assets/")) {
            asset(path.substring(prefix.length() + "assets/".length()), response);
        } else if (path.equals("/" + LABEL) || path.equals(prefix)) {
            page(request, response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> models = models();
        String selected = request.getParameter("model");
        if (selected == null || !models.contains(selected)) {
            selected = models.isEmpty() ? null : models.get(0);
        }
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(ModelHealthPage.html(base(request), models, selected, health != null, user(request)));
    }

    private void data(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> models = models();
        String model = request.getParameter("model");
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (model == null || !models.contains(model)) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            JsonText error = new JsonText().beginObject()
                    .field("error", (model == null ? "no model given" : "no model '" + model + "' on this gateway")
                            + "; ask for data.json?model=NAME, one of " + models)
                    .endObject();
            response.getWriter().write(error.toString());
            return;
        }
        long now = clock.millis() / 1000;
        HealthSource source = health;
        response.getWriter().write(DashboardData.json(model, models, traffic.windows(model, now),
                source == null ? null : source.view(model), now));
    }

    private void asset(String name, HttpServletResponse response) throws IOException {
        Asset asset = ASSETS.get(name);
        InputStream in = asset == null ? null : ModelHealthPlugin.class.getClassLoader().getResourceAsStream(asset.path());
        if (in == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (in) {
            response.setContentType(asset.contentType());
            response.setHeader("Cache-Control", "private, max-age=3600");
            OutputStream out = response.getOutputStream();
            in.transferTo(out);
        }
    }

    /** Every model the registry, the traffic series and the health monitor know, sorted. */
    List<String> models() {
        TreeSet<String> models = new TreeSet<>(traffic.models());
        ModelRegistry models2 = registry;
        if (models2 != null) {
            for (ModelInfo model : models2.models()) {
                models.add(model.name());
            }
        }
        HealthSource source = health;
        if (source != null) {
            models.addAll(source.models());
        }
        return List.copyOf(models);
    }

    private static String base(HttpServletRequest request) {
        Object root = request.getAttribute(APP_ROOT);
        String appRoot = root instanceof String text ? text : request.getContextPath() + request.getServletPath();
        return appRoot + "/" + LABEL;
    }

    private static String user(HttpServletRequest request) {
        String user = request.getRemoteUser();
        if (user == null && request.getAttribute(ServletContextHelper.REMOTE_USER) instanceof String name) {
            user = name;
        }
        return user;
    }

    private record Asset(String path, String contentType) {
    }
}
