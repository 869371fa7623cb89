package org.modelgate.fleet.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.modelgate.fleet.AbortCriteria;
import org.modelgate.fleet.ControllerKey;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetController;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutApproval;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Gogo commands {@code mg:fleet} (the registry, filtered) and {@code mg:rollout} (create, approve, start, pause,
 * resume, abort, status). Usage: {@link #USAGE}.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = {"fleet", "rollout"})
public class FleetConsole {
    static final String USAGE = String.join(System.lineSeparator(),
            "mg:rollout                                  list the rollouts",
            "mg:rollout status [ID]                      a rollout's progress and stages (the newest without ID)",
            "mg:rollout create PACKAGE.mgp [target=group=lab] [stages=1,5%,25%,100% | stages=exp:2,2.0]",
            "           [failurePercent=10] [minDevices=1] [timeout=300] [production=true]",
            "           [gate=METRIC:THRESHOLD:MIN_SAMPLES:SOAK_S:TIMEOUT_S ...]   (error_rate, p95_ms, drift, accuracy)",
            "mg:rollout approve ID KEYFILE [KEYID]       approve a production rollout with a second controller key",
            "mg:rollout start|pause|resume|abort ID [REASON...]");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FleetController fleet;
    private final Supplier<PrintStream> out;

    /** The component, printing to the calling session. */
    @Activate
    public FleetConsole() {
        this(null, () -> System.out);
    }

    FleetConsole(FleetController fleet, Supplier<PrintStream> out) {
        this.fleet = fleet;
        this.out = out;
    }

    private FleetController fleet() {
        FleetController current = fleet;
        if (current == null) {
            throw new FleetException("fleet controller: not configured (give PID " + FleetComponent.PID
                    + " a brokerUri and a controllerKeyFile, e.g. deploy/" + FleetComponent.PID + ".cfg)");
        }
        return current;
    }

    /**
     * {@code mg:fleet [QUERY]}: the devices, e.g. {@code mg:fleet group=lab,cpu=aarch64}.
     *
     * @param query key=value pairs (ids, group, type, cpu, model, online), none for all
     */
    public void fleet(String... query) {
        try {
            out.get().print(RolloutView.devices(fleet().devices(DeviceQuery.parse(String.join(",", query))), Instant.now()));
        } catch (FleetException e) {
            out.get().println("error: " + e.getMessage());
        }
    }

    /**
     * {@code mg:rollout ACTION ...}: see {@link #USAGE}.
     *
     * @param args the action and its arguments
     */
    public void rollout(String... args) {
        PrintStream print = out.get();
        try {
            if (args.length > 0 && !java.util.Set.of("status", "create", "approve", "start", "pause", "resume", "abort")
                    .contains(args[0])) {
                print.println(USAGE);
                return;
            }
            FleetController fleet = fleet();
            if (args.length == 0) {
                print.print(RolloutView.rollouts(fleet.rollouts()));
                return;
            }
            String action = args[0];
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            switch (action) {
                case "status" -> print.print(RolloutView.status(rest.isEmpty() ? newest(fleet) : find(fleet, rest.get(0))));
                case "create" -> print.print(RolloutView.status(create(fleet, rest)));
                case "approve" -> print.print(RolloutView.status(approve(fleet, rest)));
                case "start" -> print.print(RolloutView.status(fleet.start(id(rest), reason(rest))));
                case "pause" -> print.print(RolloutView.status(fleet.pause(id(rest), reason(rest))));
                case "resume" -> print.print(RolloutView.status(fleet.resume(id(rest), reason(rest))));
                case "abort" -> print.print(RolloutView.status(fleet.abort(id(rest), reason(rest))));
                default -> print.println(USAGE);
            }
        } catch (FleetException e) {
            print.println("error: " + e.getMessage());
        }
    }

    private static Rollout newest(FleetController fleet) {
        List<Rollout> all = fleet.rollouts();
        if (all.isEmpty()) {
            throw new FleetException("no rollouts yet (mg:rollout create PACKAGE.mgp ...)");
        }
        return all.get(all.size() - 1);
    }

    private static Rollout find(FleetController fleet, String id) {
        return fleet.rollout(id).orElseThrow(() -> new FleetException("no rollout '" + id + "' (mg:rollout lists them)"));
    }

    private static String id(List<String> rest) {
        if (rest.isEmpty()) {
            throw new FleetException("which rollout? " + USAGE);
        }
        return rest.get(0);
    }

    private static String reason(List<String> rest) {
        return rest.size() < 2 ? "console" : String.join(" ", rest.subList(1, rest.size()));
    }

    private static Rollout approve(FleetController fleet, List<String> rest) {
        if (rest.size() < 2) {
            throw new FleetException("mg:rollout approve ID KEYFILE [KEYID]: the approver's private key file is needed");
        }
        Rollout r = find(fleet, rest.get(0));
        ControllerKey key = ControllerKey.fromPemFile(Path.of(rest.get(1)), rest.size() > 2 ? rest.get(2) : null);
        return fleet.approve(r.id(), key.id(), RolloutApproval.sign(r, key.privateKey()));
    }

    static Rollout create(FleetController fleet, List<String> rest) {
        if (rest.isEmpty()) {
            throw new FleetException(USAGE);
        }
        RolloutPlan plan = RolloutPlan.of(Path.of(rest.get(0)), DeviceQuery.all());
        AbortCriteria abort = AbortCriteria.standard();
        List<QualityGate> gates = new ArrayList<>();
        for (String option : rest.subList(1, rest.size())) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new FleetException("option '" + option + "' is not key=value; " + USAGE);
            }
            String key = option.substring(0, eq);
            String value = option.substring(eq + 1);
            try {
                switch (key) {
                    case "target" -> plan = new RolloutPlan(plan.packageFile(), plan.sha256(), DeviceQuery.parse(value),
                            plan.stages(), plan.abort(), plan.gates(), plan.production(), plan.description());
                    case "stages" -> plan = plan.withStages(RolloutCodec.stagePlan(value));
                    case "failurePercent" -> abort = new AbortCriteria(Double.parseDouble(value), abort.minDevices(),
                            abort.perDeviceTimeout());
                    case "minDevices" -> abort = new AbortCriteria(abort.failurePercent(), Integer.parseInt(value),
                            abort.perDeviceTimeout());
                    case "timeout" -> abort = new AbortCriteria(abort.failurePercent(), abort.minDevices(),
                            Duration.ofSeconds(Long.parseLong(value)));
                    case "production" -> plan = plan.withProduction(Boolean.parseBoolean(value));
                    case "sha256" -> plan = plan.withSha256(value);
                    case "gate" -> gates.add(gate(value));
                    default -> throw new FleetException("unknown option '" + key + "'; " + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new FleetException("option '" + option + "' needs a number: " + e.getMessage());
            }
        }
        return fleet.create(plan.withAbort(abort).withGates(gates), fleet.status().keyId());
    }

    private static QualityGate gate(String value) {
        String[] f = value.split(":");
        if (f.length != 5) {
            throw new FleetException("gate '" + value + "' must be METRIC:THRESHOLD:MIN_SAMPLES:SOAK_S:TIMEOUT_S,"
                    + " e.g. error_rate:0.02:100:600:3600");
        }
        return new QualityGate(GateMetric.of(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                Duration.ofSeconds(Long.parseLong(f[3])), Duration.ofSeconds(Long.parseLong(f[4])));
    }
}
