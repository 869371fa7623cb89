package org.modelgate.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelRegistry;
import org.modelgate.oip.InferenceStatistics;
import org.modelgate.rest.internal.OipServlet;

/**
 * The OIP REST servlet in an embedded Jetty 11 on a free loopback port, in front of an in-process registry, wired as
 * Declarative Services would wire it (its references are package-private fields, set here by reflection).
 */
final class EmbeddedOipServer implements AutoCloseable {
    private final Server server = new Server();
    final int port;

    EmbeddedOipServer(InferenceService inference, ModelRegistry registry) throws Exception {
        this(inference, registry, null);
    }

    /** With the statistics table the servlet counts into (as the gateway's shared one), or null for its own. */
    EmbeddedOipServer(InferenceService inference, ModelRegistry registry, InferenceStatistics statistics) throws Exception {
        OipServlet servlet = new OipServlet();
        set(servlet, "inference", inference);
        set(servlet, "registry", registry);
        if (statistics != null) {
            set(servlet, "sharedStatistics", statistics);
        }
        Method configure = OipServlet.class.getDeclaredMethod("configure", String.class, long.class);
        configure.setAccessible(true);
        configure.invoke(servlet, "bench", 64L * 1024 * 1024);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), "/v2/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    private static void set(Object target, String name, Object value) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
