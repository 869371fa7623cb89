package org.modelgate.rest.internal;

import java.io.IOException;
import java.util.function.Supplier;

import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelRegistry;
import org.modelgate.oip.InferenceStatistics;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Open Inference Protocol v2 REST endpoints under {@code /v2}, on the servlet whiteboard's
 * default context.
 *
 * <p>The services are optional and dynamic: the endpoints stay registered while the core comes and
 * goes, and answer 503 (not ready) meanwhile.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RestConfig.class)
@HttpWhiteboardServletName("modelgate-oip-v2")
@HttpWhiteboardServletPattern("/v2/*")
@SuppressWarnings("serial")
public class OipServlet extends HttpServlet {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InferenceService inference;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    /** Present while the health service is (bundle org.modelgate.monitor.health, feature health). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MonitorEndpoints monitoring;

    /** Present while the traffic manager is (bundle org.modelgate.traffic, feature traffic). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TrafficEndpoints traffic;

    /** The explain bundle's explanations ({@link ExplainerBridge}), while it runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Explanations explanations;

    /**
     * The statistics table REST and gRPC share (the oip bundle's); the servlet's own table stands in while it is
     * absent, as outside a framework.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InferenceStatistics sharedStatistics;

    /** Access control ({@link AccessBridge}), while the access bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CallerCheck callers;

    private final Services services = new Services(() -> inference, () -> registry, () -> explanations);
    private final InferenceStatistics ownStatistics = new InferenceStatistics();
    private final Supplier<InferenceStatistics> statistics = () -> {
        InferenceStatistics shared = sharedStatistics;
        return shared != null ? shared : ownStatistics;
    };
    private final ModelEndpoints models = new ModelEndpoints(services, statistics);
    private final StatisticsEndpoints stats = new StatisticsEndpoints(services, statistics);
    private final RepositoryEndpoints repository = new RepositoryEndpoints(services);
    private final ProfileEndpoints profiles = new ProfileEndpoints(services);
    private volatile ServerEndpoints server = new ServerEndpoints(services, "unknown");
    private volatile long maxRequestBytes = RestConfig.DEFAULT_MAX_REQUEST_BYTES;
    private volatile boolean requireAccessControl;

    @Activate
    void activate(BundleContext context, RestConfig config) {
        Version version = context.getBundle().getVersion();
        configure(version.getMajor() + "." + version.getMinor() + "." + version.getMicro(), config.maxRequestBytes());
        requireAccessControl = config.requireAccessControl();
    }

    @Modified
    void modified(RestConfig config) {
        maxRequestBytes = config.maxRequestBytes();
        requireAccessControl = config.requireAccessControl();
    }

    /** Sets whether management answers 503 without access control; also the way tests set it. */
    void requireAccessControl(boolean required) {
        requireAccessControl = required;
    }

    /**
     * Sets what the configuration and the bundle give; also the way tests set them.
     *
     * @param serverVersion the version reported by {@code GET /v2}
     * @param maxBytes the largest request body accepted
     */
    void configure(String serverVersion, long maxBytes) {
        server = new ServerEndpoints(services, serverVersion);
        maxRequestBytes = maxBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = Route.parse(request.getPathInfo());
        if (route == null) {
            Replies.error(response, ErrorStatus.NOT_FOUND, "no Open Inference Protocol endpoint at "
                    + request.getRequestURI());
            return;
        }
        if (!route.endpoint().accepts(request.getMethod())) {
            response.setHeader("Allow", route.endpoint().method());
            Replies.error(response, ErrorStatus.METHOD_NOT_ALLOWED, "method " + request.getMethod()
                    + " is not allowed on " + request.getRequestURI() + "; use " + route.endpoint().method());
            return;
        }
        if (!permitted(route.endpoint(), request, response)) {
            return;
        }
        long limit = maxRequestBytes;
        if (request.getContentLengthLong() > limit) {
            refuseBody(response, new RequestTooLargeException(limit));
            return;
        }
        try {
            dispatch(route, request, response, limit);
        } catch (RequestTooLargeException e) {
            refuseBody(response, e);
        } catch (RuntimeException e) {
            fail(response, e);
        }
    }

    /** Access control's decision, before any body is read; without the access bundle, open unless required. */
    private boolean permitted(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        CallerCheck check = callers;
        if (check != null) {
            return check.permits(endpoint.management(), request, response);
        }
        if (requireAccessControl && endpoint.management()) {
            Replies.error(response, ErrorStatus.UNAVAILABLE, "access control (bundle org.modelgate.access) is not running;"
                    + " management endpoints are closed until it is");
            return false;
        }
        return true;
    }

    /**
     * Answers 413 and closes the connection at once: otherwise Jetty would read (and wait for) the rest
     * of the body it refused, to keep the connection open, and the client would not hear the answer.
     */
    private static void refuseBody(HttpServletResponse response, RequestTooLargeException e) throws IOException {
        response.setHeader("Connection", "close");
        Replies.error(response, ErrorStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        response.flushBuffer();
    }

    private void dispatch(Route route, HttpServletRequest request, HttpServletResponse response, long limit)
            throws IOException {
        switch (route.endpoint()) {
            case INFER:
                models.infer(route, request, response, limit);
                break;
            case SERVER_METADATA:
                server.metadata(response);
                break;
            case SERVER_HEALTH:
                server.health(response);
                break;
            case SERVER_LIVE:
                server.live(response);
                break;
            case SERVER_READY:
                server.ready(response);
                break;
            case MODEL_METADATA:
                models.metadata(route, response);
                break;
            case MODEL_READY:
                models.ready(route, response);
                break;
            case REPOSITORY_INDEX:
                repository.index(request, response, limit);
                break;
            case REPOSITORY_LOAD:
                repository.load(route, request, response, RestOperator.of(request));
                break;
            case REPOSITORY_UNLOAD:
                repository.unload(route, response, RestOperator.of(request));
                break;
            case MODEL_PROFILE:
                profiles.handle(route, request, response, limit);
                break;
            case MODEL_MONITOR:
                monitoring().monitor(route.model(), route.version(), response);
                break;
            case MODEL_FEEDBACK:
                monitoring().feedback(route.model(), new BoundedInputStream(request.getInputStream(), limit), response);
                break;
            case MODEL_TRAFFIC:
                traffic().policy(route.model(), request.getMethod(), new BoundedInputStream(request.getInputStream(), limit),
                        response, RestOperator.of(request));
                break;
            case MODEL_TRAFFIC_PROMOTE:
            case MODEL_TRAFFIC_ROLLBACK:
                traffic().end(route.model(), route.endpoint() == Endpoint.MODEL_TRAFFIC_PROMOTE,
                        new BoundedInputStream(request.getInputStream(), limit), response, RestOperator.of(request));
                break;
            case MODEL_IMPORTANCE:
                models.importance(route, response);
                break;
            case MODELS_STATS:
            case MODEL_STATS:
                stats.stats(route, response);
                break;
            case MODEL_CONFIG:
                stats.config(route, response);
                break;
            default:
                throw new IllegalStateException("no handler for " + route.endpoint());
        }
    }

    private MonitorEndpoints monitoring() {
        MonitorEndpoints endpoints = monitoring;
        if (endpoints == null) {
            throw new ServiceMissingException("model health", "the health feature, bundle org.modelgate.monitor.health, is not running");
        }
        return endpoints;
    }

    private TrafficEndpoints traffic() {
        TrafficEndpoints endpoints = traffic;
        if (endpoints == null) {
            throw new ServiceMissingException("traffic policies", "the traffic feature, bundle org.modelgate.traffic, is not running");
        }
        return endpoints;
    }

    private void fail(HttpServletResponse response, RuntimeException e) throws IOException {
        String message = e.getMessage();
        if (!ErrorStatus.isExpected(e)) {
            // a bug, not a client mistake: the client gets no detail, the log gets the stack trace
            log("unexpected failure in the OIP REST endpoints", e);
            message = "internal error (" + e.getClass().getSimpleName() + "); see the gateway log";
        }
        Replies.error(response, ErrorStatus.of(e), message);
    }
}
