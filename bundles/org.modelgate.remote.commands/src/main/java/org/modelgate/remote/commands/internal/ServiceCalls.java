package org.modelgate.remote.commands.internal;

import java.util.function.Supplier;
import org.modelgate.api.ModelgateException;
import org.modelgate.remote.CommandException;

/**
 * Calls a gateway service for a command so that whatever it throws reaches the caller as a {@link CommandException}
 * that says what was being done: a refusal with the service's own message, anything else as an unexpected failure
 * with its type.
 */
final class ServiceCalls {
    private ServiceCalls() {
    }

    /**
     * Runs a service call.
     *
     * @param what what is being done, such as {@code "activating iris 1.1.0"}
     * @param call the call
     * @param <T> its result
     * @return its result
     * @throws CommandException when the call throws
     */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (CommandException e) {
            throw e;
        } catch (ModelgateException | IllegalArgumentException | IllegalStateException
                | UnsupportedOperationException e) {
            throw new CommandException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CommandException(what + " failed unexpectedly: " + e, e);
        }
    }

    /**
     * Who a command acts for, in audit logs: {@code remote:<signer>}, or {@code remote} when unsigned.
     *
     * @param signer the request's signer, or null
     * @return the actor
     */
    static String actor(String signer) {
        return signer == null ? "remote" : "remote:" + signer;
    }
}
