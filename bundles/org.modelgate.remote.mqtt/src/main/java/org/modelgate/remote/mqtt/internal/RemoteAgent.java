package org.modelgate.remote.mqtt.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.audit.AuditLog;
import org.modelgate.remote.RemoteCommand;
import org.modelgate.remote.mqtt.spool.Spool;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The remote agent, started by a configuration of PID {@value #PID}: finds the {@link RemoteCommand} services
 * (whiteboard, by {@value RemoteCommand#NAME}), the {@link Spool}, the audit log and the parts of the state, and runs
 * an {@link Agent}. A configuration it cannot use is refused with the reason in the log and in {@code mg:remote};
 * the component stays registered so that {@code mg:remote} can say so.
 */
@Component(service = RemoteAgent.class, immediate = true, configurationPid = RemoteAgent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AgentConfig.class)
public final class RemoteAgent implements BundleListener {
    /** The configuration PID, shared with the spool and telemetry components. */
    public static final String PID = "org.modelgate.remote.mqtt";
    private static final Logger LOG = Logger.getLogger(RemoteAgent.class.getName());

    private final Map<String, RemoteCommand> commands = new ConcurrentHashMap<>();
    private final List<StateSection> sections = new CopyOnWriteArrayList<>();
    private final BundleContext context;
    private final Agent agent;
    private final String refused;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Spool spool;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog audit;

    /**
     * Starts the agent.
     *
     * @param context the bundle context (gateway home, bundles)
     * @param config the configuration
     */
    @Activate
    public RemoteAgent(BundleContext context, AgentConfig config) {
        this.context = context;
        Agent started = null;
        String why = null;
        try {
            started = new Agent(AgentSettings.of(config, home(context)), () -> commands, () -> spool, () -> audit,
                    this::sections, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            why = e.getMessage();
            LOG.log(Level.SEVERE, "remote agent not started: configuration " + PID + " refused: " + why);
        }
        this.agent = started;
        this.refused = why;
        if (agent != null) {
            context.addBundleListener(this);
            agent.start();
        }
    }

    static Path home(BundleContext context) {
        String home = context.getProperty("modelgate.home");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.dir") : home);
    }

    /** Stops the agent: {@code offline} is published and the connection closed. */
    @Deactivate
    public void deactivate() {
        if (agent != null) {
            context.removeBundleListener(this);
            agent.stop();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCommand(RemoteCommand command, Map<String, Object> properties) {
        Object name = properties.get(RemoteCommand.NAME);
        if (name instanceof String text && text.matches("[A-Za-z0-9_-]+")) {
            commands.put(text, command);
        } else {
            LOG.warning("remote agent: a RemoteCommand service without a valid " + RemoteCommand.NAME + " property ("
                    + name + ") is ignored; use letters, digits, '-' and '_'");
        }
    }

    void removeCommand(RemoteCommand command, Map<String, Object> properties) {
        commands.remove(String.valueOf(properties.get(RemoteCommand.NAME)), command);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSection(StateSection section) {
        sections.add(section);
    }

    void removeSection(StateSection section) {
        sections.remove(section);
    }

    private Map<String, Object> sections() {
        Map<String, Object> state = new LinkedHashMap<>();
        List<Object> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            bundles.add(List.of(b.getSymbolicName() == null ? "?" : b.getSymbolicName(), b.getVersion().toString(),
                    bundleState(b.getState())));
        }
        state.put("bundles", bundles);
        for (StateSection section : sections) {
            try {
                state.putAll(section.state());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "remote agent: a state section failed", e);
            }
        }
        return state;
    }

    private static String bundleState(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        agent.stateMayHaveChanged();
    }

    /** @return what mg:remote shows */
    public AgentStatus status() {
        return agent == null ? AgentStatus.refused(refused) : agent.status();
    }
}
