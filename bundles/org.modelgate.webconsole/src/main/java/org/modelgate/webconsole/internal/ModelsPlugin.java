package org.modelgate.webconsole.internal;

import java.io.IOException;
import java.util.List;

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
 * The Web Console's Models page ({@code /system/console/models}, category Modelgate): the models on
 * the gateway as the {@link ModelRegistry} reports them. Read-only. A plain servlet service with the
 * console's plugin properties (the console draws the frame around it); no whiteboard pattern, so the
 * HTTP service does not serve it on its own, outside the console's login.
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + ModelsPlugin.LABEL,
        "felix.webconsole.title=Models",
        "felix.webconsole.category=Modelgate" })
@SuppressWarnings("serial")
public class ModelsPlugin extends HttpServlet {
    static final String LABEL = "models";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ModelRegistry models = registry;
        List<ModelInfo> list = models == null ? null : models.models();
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(ModelsTable.html(list, user(request)));
    }

    private static String user(HttpServletRequest request) {
        String user = request.getRemoteUser();
        if (user == null && request.getAttribute(ServletContextHelper.REMOTE_USER) instanceof String name) {
            user = name;
        }
        return user;
    }
}
