package org.modelgate.fleet.internal.federated;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.Rollout;
import org.modelgate.gogo.GogoCommand;
import org.modelgate.learn.AggregationRule;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.SigningKey;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:federated} on the controller (the gateway's own command is {@code mg:learn}, so both fit in one
 * framework): start a training, list the trainings, a training's rounds with accuracy and epsilon, stop it, and
 * release its model as a signed package through a canary rollout. Usage: {@link #USAGE}.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "federated")
public class FederatedConsole {
    static final String USAGE = String.join(System.lineSeparator(),
            "mg:federated                                  the trainings",
            "mg:federated start TASK layers=64,32,10 [rounds=3] [fraction=1.0] [minAvailable=2] [minFit=2]",
            "             [timeout=300] [rule=fedavg|trimmed_mean|median] [trim=0.1] [mu=0] [epochs=5] [batch=32]",
            "             [lr=0.05] [seconds=60] [maxNorm=0] [clip=0 noise=0 delta=1e-5] [target=group=lab]",
            "             [mean=M] [std=S] [seed=42] [evaluation=/path/held-out.csv] [secure=false]",
            "mg:federated status [ID]                      a training: state, rounds, accuracy, epsilon",
            "mg:federated rounds [ID]                      its rounds, device by device",
            "mg:federated stop ID [REASON...]",
            "mg:federated release ID NAME VERSION SIGNER_KEY.pem [target=ids=gw-1] [minAccuracy=0.9] [minSamples=50]",
            "             [soak=60] [gateTimeout=600] [out=DIR]   pack, sign and canary the global model");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FederatedComponent federated;
    private final Supplier<PrintStream> out;

    /** The component, printing to the calling session. */
    @Activate
    public FederatedConsole() {
        this(null, () -> System.out);
    }

    FederatedConsole(FederatedComponent federated, Supplier<PrintStream> out) {
        this.federated = federated;
        this.out = out;
    }

    /**
     * {@code mg:federated ACTION ...}: see {@link #USAGE}.
     *
     * @param args the action and its arguments
     */
    public void federated(String... args) {
        PrintStream print = out.get();
        FederatedComponent current = federated;
        if (current == null) {
            print.println("federated aggregator: not running (it needs the fleet controller, PID org.modelgate.fleet,"
                    + " and the learn feature)");
            return;
        }
        try {
            Aggregator aggregator = current.aggregator();
            List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
            switch (args.length == 0 ? "list" : args[0]) {
                case "list" -> print.print(TrainingView.list(aggregator.trainings()));
                case "start" -> print.print(TrainingView.status(aggregator.begin(plan(rest))));
                case "status" -> print.print(TrainingView.status(find(aggregator, rest)));
                case "rounds" -> print.print(TrainingView.rounds(find(aggregator, rest)));
                case "stop" -> print.print(TrainingView.status(aggregator.stop(rest.isEmpty() ? "" : rest.get(0),
                        String.join(" ", rest.size() > 1 ? rest.subList(1, rest.size()) : List.of()))));
                case "release" -> release(current, rest, print);
                default -> print.println(USAGE);
            }
        } catch (FleetException | IllegalArgumentException e) {
            print.println("error: " + e.getMessage());
        }
    }

    private static Training find(Aggregator aggregator, List<String> rest) {
        if (rest.isEmpty()) {
            List<Training> all = aggregator.trainings();
            if (all.isEmpty()) {
                throw new FleetException("no training yet (mg:federated start TASK layers=...)");
            }
            return all.get(all.size() - 1);
        }
        return aggregator.training(rest.get(0)).orElseThrow(() -> new FleetException("no training '" + rest.get(0) + "'"));
    }

    static FederatedPlan plan(List<String> args) {
        if (args.isEmpty() || args.get(0).contains("=")) {
            throw new FleetException("start needs a TASK first: mg:federated start digits layers=64,32,10");
        }
        Map<String, String> o = options(args.subList(1, args.size()));
        if (!o.containsKey("layers")) {
            throw new FleetException("start needs layers=FEATURES,HIDDEN...,CLASSES, e.g. layers=64,32,10");
        }
        int[] layers = Arrays.stream(o.get("layers").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        float[] mean = new float[layers[0]];
        float[] std = new float[layers[0]];
        Arrays.fill(mean, Float.parseFloat(o.getOrDefault("mean", "0")));
        Arrays.fill(std, Float.parseFloat(o.getOrDefault("std", "1")));
        int minAvailable = Integer.parseInt(o.getOrDefault("minAvailable", "2"));
        FederatedPlan plan = FederatedPlan.of(args.get(0), layers)
                .withTarget(DeviceQuery.parse(o.getOrDefault("target", "all")))
                .withStandardization(mean, std)
                .withRounds(Integer.parseInt(o.getOrDefault("rounds", "3")), Double.parseDouble(o.getOrDefault("fraction", "1.0")),
                        minAvailable, Integer.parseInt(o.getOrDefault("minFit", String.valueOf(minAvailable))),
                        Duration.ofSeconds(Long.parseLong(o.getOrDefault("timeout", "300"))))
                .withAggregation(AggregationRule.valueOf(o.getOrDefault("rule", "fedavg").toUpperCase(Locale.ROOT)),
                        Double.parseDouble(o.getOrDefault("trim", "0.1")), Double.parseDouble(o.getOrDefault("mu", "0")))
                .withTraining(Integer.parseInt(o.getOrDefault("epochs", "5")), Integer.parseInt(o.getOrDefault("batch", "32")),
                        Double.parseDouble(o.getOrDefault("lr", "0.05")), Double.parseDouble(o.getOrDefault("seconds", "60")))
                .withValidation(Double.parseDouble(o.getOrDefault("maxNorm", "0")))
                .withPrivacy(Double.parseDouble(o.getOrDefault("clip", "0")), Double.parseDouble(o.getOrDefault("noise", "0")),
                        Double.parseDouble(o.getOrDefault("delta", "1e-5")))
                .withSeed(Long.parseLong(o.getOrDefault("seed", "42")));
        plan = o.containsKey("evaluation") ? plan.withEvaluation(Path.of(o.get("evaluation"))) : plan;
        return plan.withSecureAggregation(Boolean.parseBoolean(o.getOrDefault("secure", "false")));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new FleetException("'" + a + "' is not key=value");
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return o;
    }

    private static void release(FederatedComponent c, List<String> args, PrintStream print) {
        if (args.size() < 4) {
            throw new FleetException("release needs ID NAME VERSION SIGNER_KEY.pem");
        }
        Training t = c.aggregator().training(args.get(0))
                .orElseThrow(() -> new FleetException("no training '" + args.get(0) + "'"));
        Map<String, String> o = options(args.subList(4, args.size()));
        SigningKey signer;
        try {
            signer = SigningKey.fromPemFile(Path.of(args.get(3)));
        } catch (KeyFileException e) {
            throw new FleetException("cannot read the model-signer key " + args.get(3) + ": " + e.getMessage(), e);
        }
        Path outDir = Path.of(o.getOrDefault("out", c.stateDir().resolve("federated/releases").toString()));
        Path mgp = ModelResult.pack(t, args.get(1), args.get(2), signer, outDir);
        print.println("packed " + mgp);
        Rollout r = ModelResult.canary(c.fleet(), mgp, DeviceQuery.parse(o.getOrDefault("target", "all")), c.keyId(),
                Double.parseDouble(o.getOrDefault("minAccuracy", "0")), Long.parseLong(o.getOrDefault("minSamples", "50")),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("soak", "60"))),
                Duration.ofSeconds(Long.parseLong(o.getOrDefault("gateTimeout", "600"))), false);
        print.println("canary rollout " + r.id() + " " + r.state() + " (mg:rollout status " + r.id() + ")");
    }
}
