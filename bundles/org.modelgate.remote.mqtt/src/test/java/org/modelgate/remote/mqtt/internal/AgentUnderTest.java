package org.modelgate.remote.mqtt.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.modelgate.remote.RemoteCommand;

/**
 * The real agent ({@link Agent}, as {@link RemoteAgent} runs it) for tests outside this package, the interop tests:
 * configured the way an operator configures PID {@value RemoteAgent#PID} (the same {@link AgentConfig} properties,
 * checked by {@link AgentSettings}), with test commands, no spool, no audit.
 *
 * <pre>
 * try (AgentUnderTest agent = AgentUnderTest.builder(home).set("brokerUri", uri).set("device", "device-a")
 *         .optCommand("status", statusCommand).start()) {
 *     agent.awaitConnection("CONNECTED", Duration.ofSeconds(90));
 * }
 * </pre>
 */
public final class AgentUnderTest implements AutoCloseable {
    private final Agent agent;

    private AgentUnderTest(Agent agent) {
        this.agent = agent;
    }

    /**
     * Starts a configuration.
     *
     * @param home the gateway home: relative caFile/certFile/keyFile are under its etc/, the agent's files in data/
     * @return a builder
     */
    public static Builder builder(Path home) {
        return new Builder(home);
    }

    /** Builds the configuration of PID {@value RemoteAgent#PID} and the commands the agent serves. */
    public static final class Builder {
        private final Path home;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final Map<String, RemoteCommand> commands = new ConcurrentHashMap<>();

        private Builder(Path home) {
            this.home = home;
        }

        /**
         * Sets a property of the configuration, by its {@link AgentConfig} name.
         *
         * @param property e.g. brokerUri, fleet, device, caFile, certFile, keyFile, allowPlaintext, maxPayloadBytes
         * @param value a String, String[], Boolean, Integer or Long as the property's type needs
         * @return this
         */
        public Builder set(String property, Object value) {
            properties.put(property, value);
            return this;
        }

        /**
         * Adds a command, as a {@link RemoteCommand} service with that name would.
         *
         * @param name the command's name
         * @param command the command
         * @return this
         */
        public Builder optCommand(String name, RemoteCommand command) {
            commands.put(name, command);
            return this;
        }

        /**
         * The checked settings, as the component would make them.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the property the agent refuses, as in mg:remote
         */
        public AgentSettings settings() {
            return AgentSettings.of(config(), home);
        }

        /**
         * Starts the agent.
         *
         * @return the running agent
         * @throws IllegalArgumentException when the agent refuses the configuration (the reason as mg:remote shows it)
         */
        public AgentUnderTest start() {
            Agent agent = new Agent(settings(), () -> commands, () -> null, () -> null, Map::of, Clock.systemUTC());
            agent.start();
            return new AgentUnderTest(agent);
        }

        private AgentConfig config() {
            Map<String, Object> values = Map.copyOf(properties);
            return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(),
                    new Class<?>[] {AgentConfig.class}, (proxy, method, args) -> {
                        if (method.getName().equals("annotationType")) {
                            return AgentConfig.class;
                        }
                        if (method.getDeclaringClass() == Object.class) {
                            return switch (method.getName()) {
                                case "hashCode" -> System.identityHashCode(proxy);
                                case "equals" -> proxy == args[0];
                                default -> "AgentConfig" + values;
                            };
                        }
                        Object value = values.containsKey(method.getName()) ? values.get(method.getName())
                                : method.getDefaultValue();
                        if (value instanceof String text && method.getReturnType() == String[].class) {
                            return new String[] {text};
                        }
                        return value;
                    });
        }
    }

    /** What {@code mg:remote} shows now. */
    public AgentStatus status() {
        return agent.status();
    }

    /**
     * Waits until the status matches (generously: the machine is shared and noisy).
     *
     * @param match the condition
     * @param timeout how long at most
     * @return the matching status
     * @throws AssertionError with the last status when it never matched
     */
    public AgentStatus await(Predicate<AgentStatus> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AgentStatus now = status();
        while (!match.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the agent's status did not get there within " + timeout + "; it is " + now);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            now = status();
        }
        return now;
    }

    /** The topics the agent uses: status, state, reply, command filters. */
    public List<String> commandFilters() {
        return agent.topics().commandFilters();
    }

    /** Stops the agent as a crash would: no {@code offline}, no DISCONNECT, so the broker sends the Last Will. */
    public void crash() {
        agent.crash();
    }

    /** Stops the agent the way deactivation does: {@code offline} published, clean disconnect. */
    @Override
    public void close() {
        agent.stop();
    }
}
