package org.modelgate.webconsole.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Web Console's way in: HTTP Basic logins checked against the users file, on every request
 * to the console (pages, resources, posts); and, while the access bundle runs, the gateway's own credentials
 * (a bearer token with role manage from etc/tokens, or a client certificate of the client CA), decided by the same
 * access control as REST's management endpoints (denials counted and audited there). Registered with the provider id {@value #PROVIDER_ID},
 * which the {@code webconsole} feature names in the framework property
 * {@code felix.webconsole.security.providers}: the console serves nothing until this provider is
 * registered, and its built-in admin/admin login never works while that property is set.
 *
 * <p>Answers: 401 with a Basic challenge (no or wrong credentials), 403 (a state-changing request from
 * another site, see {@link CrossOriginCheck}), 503 (the users file is invalid: nobody may log in until
 * it is fixed; the gateway log says what is wrong). The authenticated user name becomes the request's
 * remote user, the actor of whatever the request changes.
 */
@Component(service = SecurityProvider.class, configurationPid = ConsoleLogin.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true, // the first password is generated (and logged) at start, not at the first request
        property = SecurityProvider.PROPERTY_ID + "=" + ConsoleLogin.PROVIDER_ID)
@Designate(ocd = ConsoleLoginConfig.class)
public final class ConsoleLogin implements SecurityProvider {
    static final String PID = "org.modelgate.webconsole.login";
    static final String PROVIDER_ID = "modelgate";
    static final String REALM = "Modelgate Web Console";
    private static final System.Logger LOG = System.getLogger(ConsoleLogin.class.getName());

    private final BasicLogins logins;

    /** The gateway's tokens and client certificates ({@link AccessCredentials}), while the access bundle runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile GatewayCredentials credentials;

    /**
     * Generates the first password if there is no users file yet, then reads it.
     *
     * @param config the files
     */
    @Activate
    public ConsoleLogin(ConsoleLoginConfig config) {
        if (config.usersFile() == null || config.usersFile().isBlank()) {
            throw new IllegalArgumentException("configuration " + PID + " needs usersFile (e.g. etc/webconsole.users)");
        }
        Path usersFile = Path.of(config.usersFile());
        String passwordFile = config.generatedPasswordFile();
        try {
            GeneratedPassword.createIfNoUsers(usersFile,
                    passwordFile == null || passwordFile.isBlank() ? usersFile.resolveSibling("webconsole.password") : Path.of(passwordFile),
                    PasswordHash.DEFAULT_ITERATIONS);
        } catch (UsersFileException e) {
            // Registered all the same: it refuses every login, and the console stays closed.
            LOG.log(Level.ERROR, "Nobody can log in to the Web Console: " + e.getMessage());
        }
        logins = new BasicLogins(new ConsoleUsers(usersFile));
        logins.users().current(); // logs who may log in, or why nobody can
    }

    ConsoleLogin(BasicLogins logins) {
        this.logins = logins;
    }

    /** Every operator who can log in may do everything the console offers. */
    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            String refused = CrossOriginCheck.refusal(request.getMethod(), request.getHeader("Host"), request.getHeader("Origin"),
                    request.getHeader("Sec-Fetch-Site"));
            if (refused != null) {
                LOG.log(Level.WARNING, "Web Console refused " + refused + " from " + request.getRemoteAddr() + " to " + request.getRequestURI());
                reply(response, HttpServletResponse.SC_FORBIDDEN, "Refused: the Web Console accepts changes only from its own pages.\n");
                return null;
            }
            GatewayCredentials gateway = credentials;
            if (gateway != null && gateway.presented(request)) {
                return gatewayCredential(gateway, request, response);
            }
            BasicLogins.Outcome outcome = logins.check(request.getHeader("Authorization"), request.getRemoteAddr());
            switch (outcome.result()) {
                case ACCEPTED -> {
                    request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
                    request.setAttribute(ServletContextHelper.REMOTE_USER, outcome.user());
                    return outcome.user();
                }
                case LOCKED -> reply(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "The Web Console is locked: its users file cannot be used. The gateway log says why.\n");
                case BUSY -> {
                    response.setHeader("Retry-After", "5");
                    reply(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Too many logins at once; try again.\n");
                }
                default -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                    reply(response, HttpServletResponse.SC_UNAUTHORIZED, "");
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot answer a Web Console request: " + e);
        }
        return null;
    }

    /** A bearer token or client certificate: the same decision as for REST's management endpoints. */
    private static Object gatewayCredential(GatewayCredentials gateway, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        GatewayCredentials.Outcome outcome = gateway.check(request);
        if (outcome.principal() != null) {
            request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE,
                    request.getAttribute("jakarta.servlet.request.X509Certificate") != null
                            ? HttpServletRequest.CLIENT_CERT_AUTH : "Bearer");
            request.setAttribute(ServletContextHelper.REMOTE_USER, outcome.principal());
            return outcome.principal();
        }
        if (outcome.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        reply(response, outcome.status(), outcome.reason() + "\n");
        return null;
    }

    /** Basic authentication has no server-side session; the console itself asks the browser to forget. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // nothing held here
    }

    private static void reply(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }
}
