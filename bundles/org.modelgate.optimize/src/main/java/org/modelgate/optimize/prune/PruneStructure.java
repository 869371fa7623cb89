package org.modelgate.optimize.prune;

import java.util.Locale;

/** What magnitude pruning removes: single weights, or whole output channels. */
public enum PruneStructure {
    /** The weights of smallest magnitude in each tensor, wherever they are. */
    UNSTRUCTURED,
    /** The output channels (filters, output features) of smallest L2 norm in each tensor. */
    CHANNEL;

    /** The structure named {@code name} ({@code unstructured}, {@code channel}; case ignored). */
    public static PruneStructure parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pruning structure '" + name + "': use unstructured or channel", e);
        }
    }
}
