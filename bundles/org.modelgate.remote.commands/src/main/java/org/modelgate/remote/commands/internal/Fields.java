package org.modelgate.remote.commands.internal;

import java.util.List;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;

/** Typed fields of a command's body besides text (which {@link CommandCall} reads). */
final class Fields {
    private Fields() {
    }

    /**
     * A whole number, 0 or more.
     *
     * @param call the command
     * @param field the field
     * @return its value
     * @throws CommandException when missing, not a whole number or negative
     */
    static long whole(CommandCall call, String field) {
        Object value = call.body().get(field);
        if (value == null) {
            throw new CommandException("command '" + call.command() + "' needs a number field \"" + field + "\" in its body");
        }
        if (value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() <= Long.MAX_VALUE) {
            return n.longValue();
        }
        throw new CommandException("\"" + field + "\" must be a whole number, 0 or more, not " + value);
    }

    /**
     * An optional whole number, 0 or more.
     *
     * @param call the command
     * @param field the field
     * @param fallback the value when absent
     * @return its value
     */
    static long whole(CommandCall call, String field, long fallback) {
        return call.body().get(field) == null ? fallback : whole(call, field);
    }

    /**
     * An optional flag.
     *
     * @param call the command
     * @param field the field
     * @return its value, false when absent
     * @throws CommandException when present but not true or false
     */
    static boolean flag(CommandCall call, String field) {
        Object value = call.body().get(field);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new CommandException("\"" + field + "\" is true or false, not " + value);
    }

    /**
     * One of a few text values.
     *
     * @param call the command
     * @param field the field
     * @param allowed the values allowed
     * @return the value
     */
    static String oneOf(CommandCall call, String field, List<String> allowed) {
        String value = call.text(field);
        if (!allowed.contains(value)) {
            throw new CommandException("\"" + field + "\" is one of " + allowed + ", not " + value);
        }
        return value;
    }
}
