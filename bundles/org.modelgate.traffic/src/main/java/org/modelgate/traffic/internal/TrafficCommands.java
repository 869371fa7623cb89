package org.modelgate.traffic.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.modelgate.api.ModelgateException;
import org.modelgate.gogo.GogoCommand;
import org.modelgate.traffic.GuardReading;
import org.modelgate.traffic.TrafficManager;
import org.modelgate.traffic.TrafficStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code mg:traffic}: every model's policy; {@code mg:traffic <model>}: one policy with its guards' readings;
 * {@code mg:traffic start <model> <challenger> [--percent 10] [--shadow] [--sticky] [--guard metric:limit:min ...]
 * [--time seconds]}; {@code mg:traffic promote|rollback <model> [reason]}. Failures are one line on {@code System.err}.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = { "traffic" })
public class TrafficCommands {
    static final String USAGE = "usage: mg:traffic [<model>] | mg:traffic start <model> <challenger> [--percent 10] "
            + "[--shadow] [--sticky] [--guard metric:limit:min_samples ...] [--time seconds] | "
            + "mg:traffic promote|rollback <model> [reason]";

    private final TrafficManager traffic;
    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /**
     * The component, printing to the calling session.
     *
     * @param traffic the traffic manager
     */
    @Activate
    public TrafficCommands(@Reference TrafficManager traffic) {
        this(traffic, () -> System.out, () -> System.err);
    }

    TrafficCommands(TrafficManager traffic, Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.traffic = traffic;
        this.out = out;
        this.err = err;
    }

    /**
     * {@code mg:traffic ...}.
     *
     * @param args the arguments, as in the class comment
     */
    public void traffic(String... args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IllegalStateException | ModelgateException e) {
            err.get().println(e.getMessage());
        }
    }

    private void run(String... args) {
        PrintStream o = out.get();
        if (args.length == 0) {
            List<TrafficStatus> all = traffic.policies();
            if (all.isEmpty()) {
                o.println("no traffic policy has run since the gateway started");
            }
            all.forEach(s -> o.println(line(s)));
            return;
        }
        switch (args[0]) {
            case "start" -> {
                if (args.length < 3) {
                    throw new IllegalArgumentException(USAGE);
                }
                TrafficStatus status = traffic.start(args[1], PolicyArguments.parse(args[2],
                        List.of(args).subList(3, args.length)));
                o.println(line(status));
            }
            case "promote", "rollback" -> {
                if (args.length < 2) {
                    throw new IllegalArgumentException(USAGE);
                }
                String reason = args.length > 2 ? String.join(" ", List.of(args).subList(2, args.length)) : null;
                TrafficStatus status = args[0].equals("promote") ? traffic.promote(args[1], reason)
                        : traffic.rollback(args[1], reason);
                o.println(line(status));
            }
            default -> {
                if (args.length > 1) {
                    throw new IllegalArgumentException(USAGE);
                }
                TrafficStatus status = traffic.status(args[0]).orElseThrow(() -> new IllegalArgumentException(
                        "model '" + args[0] + "' has had no traffic policy since the gateway started; " + USAGE));
                o.println(line(status));
                for (GuardReading r : status.readings()) {
                    o.println("  " + r.guard().metric().jsonName() + " " + value(r.value()) + " ("
                            + (r.guard().metric().isMaximum() ? "at most " : "at least ") + r.guard().limit() + ", "
                            + r.samples() + "/" + r.guard().minSamples() + " samples) " + r.verdict());
                }
                if (status.reason() != null) {
                    o.println("  reason: " + status.reason());
                }
            }
        }
    }

    static String line(TrafficStatus s) {
        String mode = s.policy().mode().name().toLowerCase(Locale.ROOT) + " " + value(s.policy().percent()) + "%"
                + (s.policy().sticky() ? " sticky" : "");
        return s.model() + ": " + s.state() + " challenger " + s.challenger() + " vs " + s.champion() + " (" + mode
                + ", " + s.challengerRequests() + " challenger requests, since " + s.started()
                + (s.ended() == null ? ", time limit " + s.policy().timeLimit().toSeconds() + " s" : ", ended " + s.ended())
                + ")";
    }

    private static String value(double d) {
        if (Double.isNaN(d)) {
            return "-";
        }
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4f", d);
    }
}
