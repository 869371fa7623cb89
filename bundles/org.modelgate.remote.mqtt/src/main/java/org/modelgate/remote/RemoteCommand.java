package org.modelgate.remote;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One command the gateway answers over the remote link, registered as an OSGi service with the property
 * {@value #NAME} (the command's name, the last segment of its topic {@code .../cmd/{name}}).
 *
 * <p>The agent calls {@link #run(CommandCall)} only after the request passed its checks: well-formed, not expired,
 * not a replay (a replayed id gets the first answer again without a second run) and, when
 * {@link #changesState()}, signed by a trusted controller key. A command that changes something is idempotent for
 * its id by that rule; its own work must still leave the gateway consistent when it fails half-way.
 *
 * <pre>
 * &#64;Component(property = RemoteCommand.NAME + "=models")
 * public final class ModelsCommand implements RemoteCommand {
 *     &#64;Reference ModelRegistry registry;
 *
 *     public boolean changesState() { return false; }
 *
 *     public Object run(CommandCall call) {
 *         return registry.models().stream().map(m -&gt; Map.of("name", m.name(), "state", m.state().name())).toList();
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface RemoteCommand {
    /** The service property naming the command: letters, digits, '-' and '_' only. */
    String NAME = "modelgate.remote.command";

    /**
     * Whether the command changes the gateway (and so must be signed by a trusted controller key); read-only
     * commands are answered to any client the broker lets publish on the command topic.
     *
     * @return true for a command that changes something
     */
    boolean changesState();

    /**
     * Runs the command.
     *
     * @param call the request: its id, body, signer
     * @return the result as JSON values: maps with string keys, lists, strings, numbers, booleans or null; the
     *     agent writes it as the answer's {@code result}
     * @throws CommandException when the request cannot be carried out; its message is the answer's {@code error}
     */
    Object run(CommandCall call) throws CommandException;
}
