package org.modelgate.api;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who asks for a change, so the audit log can say who made it.
 *
 * <p>Front ends that know the person or system behind a call (the SSH console knows the key that
 * logged in, the REST endpoint the client's address) run the call inside {@link #call}; the registry
 * records that name as the actor of every change the call makes on the same thread. Work the gateway
 * does on its own (a rollback at boot, a backend coming back) has no operator and is recorded as
 * done by {@code modelgate}.
 *
 * <pre>
 * ModelInfo info = Operator.call("alice@ssh", () -&gt; registry.activate("iris", "1.1.0"));
 * </pre>
 */
public final class Operator {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Operator() {
    }

    /**
     * Runs an action on behalf of an operator; calls nest, the innermost name counts.
     *
     * @param <T> what the action returns
     * @param name who asks, e.g. {@code alice (ssh key SHA256:...)}; not blank
     * @param action the calls to make on the operator's behalf, on this thread
     * @return what the action returned
     * @throws IllegalArgumentException when the name is blank
     */
    public static <T> T call(String name, Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an operator needs a name");
        }
        String outer = CURRENT.get();
        CURRENT.set(name.strip());
        try {
            return action.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /**
     * Runs an action on behalf of an operator, see {@link #call}.
     *
     * @param name who asks; not blank
     * @param action the calls to make on the operator's behalf, on this thread
     */
    public static void run(String name, Runnable action) {
        Objects.requireNonNull(action, "action");
        call(name, () -> {
            action.run();
            return null;
        });
    }

    /**
     * The operator on whose behalf this thread works now.
     *
     * @return the name, or empty when the gateway acts on its own
     */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
