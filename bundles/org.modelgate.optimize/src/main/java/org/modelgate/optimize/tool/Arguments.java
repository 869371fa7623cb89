package org.modelgate.optimize.tool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Arguments of an {@code mgopt} subcommand: positional values, {@code --name value} (or {@code --name=value}) options
 * and {@code --flag} switches. Dashes and underscores in names are the same ({@code --per-channel} is
 * {@code --per_channel}, ONNX Runtime's name), so both spellings work; {@code -h}/{@code --help} asks for usage.
 *
 * <pre>
 * Arguments line = Arguments.parse(args, Set.of("out", "weight_type"), Set.of("per_channel", "force"));
 * Path out = Path.of(line.required("out"));
 * boolean perChannel = line.flag("per_channel");
 * </pre>
 */
public final class Arguments {
    private final List<String> positional;
    private final Map<String, String> options;
    private final Set<String> flags;
    private final Set<String> given;
    private final boolean help;

    private Arguments(List<String> positional, Map<String, String> options, Set<String> flags, Set<String> given, boolean help) {
        this.positional = positional;
        this.given = given;
        this.options = options;
        this.flags = flags;
        this.help = help;
    }

    /**
     * Parses arguments.
     *
     * @param args the arguments after the subcommand's name
     * @param valued the option names that take a value (underscores), e.g. {@code out}, {@code weight_type}
     * @param switches the option names that take none, e.g. {@code force}; {@code --name=false} turns one off
     * @return the parsed line
     * @throws UsageException for an unknown option, a missing value or an option given twice
     */
    public static Arguments parse(List<String> args, Set<String> valued, Set<String> switches) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        Map<String, Boolean> flags = new HashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String name = arg.substring(2, equals < 0 ? arg.length() : equals).replace('-', '_');
                String inline = equals < 0 ? null : arg.substring(equals + 1);
                if (switches.contains(name)) {
                    if (inline != null && !inline.equals("true") && !inline.equals("false")) {
                        throw new UsageException("option --" + name + " is true or false, not '" + inline + "'");
                    }
                    if (flags.put(name, inline == null || Boolean.parseBoolean(inline)) != null) {
                        throw new UsageException("option --" + name + " given twice");
                    }
                } else if (valued.contains(name)) {
                    String value;
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    if (options.put(name, value) != null) {
                        throw new UsageException("option --" + name + " given twice");
                    }
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(arg);
            }
        }
        Set<String> on = new java.util.HashSet<>();
        flags.forEach((name, value) -> {
            if (value) {
                on.add(name);
            }
        });
        return new Arguments(List.copyOf(positional), Map.copyOf(options), Set.copyOf(on), Set.copyOf(flags.keySet()), help);
    }

    /**
     * The values without an option name, in order.
     *
     * @return the positional values
     */
    public List<String> positional() {
        return positional;
    }

    /**
     * True when {@code -h} or {@code --help} was given.
     *
     * @return whether usage was asked for
     */
    public boolean help() {
        return help;
    }

    /**
     * True when the switch was given (and not as {@code =false}).
     *
     * @param name the switch, with underscores
     * @return whether it is on
     */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    /**
     * A switch's value, or a default when it was not given at all ({@code --name=false} gives false).
     *
     * @param name the switch, with underscores
     * @param fallback its value when not given
     * @return whether it is on
     */
    public boolean flag(String name, boolean fallback) {
        return given.contains(name) ? flags.contains(name) : fallback;
    }

    /**
     * An option's value.
     *
     * @param name the option, with underscores
     * @return the value, if given
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * A required option's value.
     *
     * @param name the option
     * @return the value
     * @throws UsageException when it was not given
     */
    public String required(String name) throws UsageException {
        return option(name).orElseThrow(() -> new UsageException("option --" + name + " is required"));
    }

    /**
     * A number option.
     *
     * @param name the option
     * @param fallback the value when not given
     * @return the value
     * @throws UsageException when it is not a number
     */
    public double number(String name, double fallback) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " takes a number, not '" + value + "'");
        }
    }

    /**
     * A whole-number option.
     *
     * @param name the option
     * @param fallback the value when not given
     * @return the value
     * @throws UsageException when it is not a whole number
     */
    public int integer(String name, int fallback) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " takes a whole number, not '" + value + "'");
        }
    }

    /**
     * A comma-separated list option, e.g. {@code --op_types_to_quantize MatMul,Gather}.
     *
     * @param name the option
     * @return the items, empty when not given
     */
    public List<String> list(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
