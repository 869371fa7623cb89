package org.modelgate.traffic.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.modelgate.traffic.Guard;
import org.modelgate.traffic.TrafficPolicy;

/**
 * A policy from console arguments: {@code --percent 10 --shadow --sticky --guard error_rate:0.01:200 --time 1800}
 * (guards repeat). Each mistake names the option and what it takes.
 */
final class PolicyArguments {
    private PolicyArguments() {
    }

    static TrafficPolicy parse(String challenger, List<String> options) {
        TrafficPolicy.Mode mode = TrafficPolicy.Mode.SPLIT;
        Double percent = null;
        boolean sticky = false;
        List<Guard> guards = new ArrayList<>();
        Duration time = TrafficPolicy.DEFAULT_TIME_LIMIT;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            switch (option) {
                case "--shadow" -> mode = TrafficPolicy.Mode.SHADOW;
                case "--sticky" -> sticky = true;
                case "--percent" -> percent = number(option, value(options, ++i, option));
                case "--time" -> time = Duration.ofMillis((long) (number(option, value(options, ++i, option)) * 1000));
                case "--guard" -> guards.add(guard(value(options, ++i, option)));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'; " + TrafficCommands.USAGE);
            }
        }
        double share = percent != null ? percent : mode == TrafficPolicy.Mode.SHADOW ? 100 : 10;
        return new TrafficPolicy(challenger, mode, share, sticky, guards, time);
    }

    /** {@code metric:limit:min_samples}, min_samples optional (100). */
    static Guard guard(String text) {
        String[] parts = text.split(":");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("--guard takes metric:limit[:min_samples] (e.g. error_rate:0.01:200), not '"
                    + text + "'");
        }
        long min = parts.length == 3 ? (long) number("--guard min_samples", parts[2]) : 100;
        return new Guard(Guard.Metric.of(parts[0]), number("--guard limit", parts[1]), min);
    }

    private static String value(List<String> options, int index, String option) {
        if (index >= options.size()) {
            throw new IllegalArgumentException(option + " needs a value; " + TrafficCommands.USAGE);
        }
        return options.get(index);
    }

    private static double number(String option, String text) {
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a number, not '" + text + "'");
    }
}
