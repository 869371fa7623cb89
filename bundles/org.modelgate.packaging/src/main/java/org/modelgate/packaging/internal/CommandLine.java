package org.modelgate.packaging.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Arguments of {@code mg:pack} and {@code mgpack}: positional values and {@code --name value}
 * options (also {@code --name=value}); {@code -h}/{@code --help} anywhere asks for usage.
 *
 * @param positional the values without an option name, in order
 * @param options the option values by name (without dashes)
 * @param help true when help was asked for
 */
public record CommandLine(List<String> positional, Map<String, String> options, boolean help) {

    /** A command line that cannot be understood; the message says why. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses arguments.
     *
     * @param args the arguments
     * @param known the option names that take a value, e.g. {@code key}, {@code out}
     * @return the parsed line
     * @throws UsageException for an unknown option, a missing value or an option given twice
     */
    public static CommandLine parse(String[] args, Set<String> known) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String name = arg.substring(2, equals < 0 ? arg.length() : equals);
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
                if (options.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else {
                positional.add(arg);
            }
        }
        return new CommandLine(List.copyOf(positional), Map.copyOf(options), help);
    }

    /**
     * Returns an option's value.
     *
     * @param name the option name
     * @return the value, if given
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * Returns a required option's value.
     *
     * @param name the option name
     * @return the value
     * @throws UsageException when it was not given
     */
    public String required(String name) throws UsageException {
        return option(name).orElseThrow(() -> new UsageException("option --" + name + " is required"));
    }
}
