package org.modelgate.fleet.internal.federated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetController;
import org.modelgate.fleet.FleetException;
import org.modelgate.fleet.GateMetric;
import org.modelgate.fleet.QualityGate;
import org.modelgate.fleet.Rollout;
import org.modelgate.fleet.RolloutPlan;
import org.modelgate.fleet.StagePlan;
import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.ProgressListener;
import org.modelgate.remote.mqtt.link.Json;
import org.modelgate.security.SigningKey;

/**
 * A training's global model as a release: a model folder ({@code model.onnx} from the network, {@code model.json}
 * with the input and output spec and the training's provenance), packed and signed as {@code NAME-VERSION.mgp} with
 * the controller's model-signer key, and sent out through a canary rollout of the fleet controller whose quality gate
 * on the devices' accuracy rolls it back when it falls.
 */
public final class ModelResult {
    private ModelResult() {
    }

    /**
     * Writes the model folder {@code outDir/NAME-VERSION/} and packs it as {@code outDir/NAME-VERSION.mgp}.
     *
     * @param training a training with at least one aggregated round
     * @param name the model's name
     * @param version its version (semantic)
     * @param signer the model-signer key the gateways trust ({@code etc/trust/model-signer/})
     * @param outDir where the folder and the package go
     * @return the package
     */
    public static Path pack(Training training, String name, String version, SigningKey signer, Path outDir) {
        if (training.roundsAggregated() == 0) {
            throw new FleetException("training " + training.id() + " has no aggregated round; its model is the initial one"
                    + " and is not released");
        }
        FederatedPlan plan = training.plan();
        int[] layers = plan.layers();
        Path folder = outDir.resolve(name + "-" + version);
        try {
            Files.createDirectories(folder);
            Files.write(folder.resolve("model.onnx"), GlobalModel.network(plan, training.global())
                    .toOnnx(name, "input", "probabilities"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("version", version);
            json.put("format", "onnx");
            json.put("file", "model.onnx");
            json.put("description", "federated training " + training.id() + " of task " + plan.task() + ": "
                    + training.roundsAggregated() + " rounds, " + plan.rule() + lastAccuracy(training));
            json.put("inputs", List.of(Map.of("name", "input", "datatype", "FP32", "shape", List.of(-1, layers[0]))));
            json.put("outputs", List.of(Map.of("name", "probabilities", "datatype", "FP32",
                    "shape", List.of(-1, layers[layers.length - 1]))));
            List<String> labels = new ArrayList<>();
            for (int c = 0; c < layers[layers.length - 1]; c++) {
                labels.add(String.valueOf(c));
            }
            json.put("labels", labels);
            Files.write(folder.resolve("model.json"), Json.write(json));
            return ModelPackages.pack(folder, signer, outDir, ProgressListener.NONE);
        } catch (IOException e) {
            throw new FleetException("cannot write the model folder " + folder + ": " + e.getMessage(), e);
        } catch (ModelPackageException e) {
            throw new FleetException("cannot pack " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String lastAccuracy(Training t) {
        List<RoundResult> rounds = t.rounds();
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (Double.isFinite(rounds.get(i).accuracy())) {
                return String.format(java.util.Locale.ROOT, ", held-out accuracy %.4f", rounds.get(i).accuracy());
            }
        }
        return "";
    }

    /**
     * Starts a canary rollout of the package: one device of the target first, then the rest, with a quality gate on
     * the devices' accuracy (none when {@code minAccuracy} is 0); a breached gate aborts and rolls the devices back.
     *
     * @param fleet the controller
     * @param mgp the package
     * @param target the devices
     * @param creatorKeyId the controller key creating the rollout
     * @param minAccuracy the lowest accuracy the devices may report (0: no gate)
     * @param minSamples labelled requests the gate waits for
     * @param soak how long the canary serves before the gate is judged
     * @param timeout how long the gate waits for its samples
     * @param wholeTarget false: the canary stage only (one device)
     * @return the running rollout
     */
    public static Rollout canary(FleetController fleet, Path mgp, DeviceQuery target, String creatorKeyId,
            double minAccuracy, long minSamples, Duration soak, Duration timeout, boolean wholeTarget) {
        List<QualityGate> gates = minAccuracy > 0
                ? List.of(new QualityGate(GateMetric.of("accuracy"), minAccuracy, minSamples, soak, timeout)) : List.of();
        RolloutPlan plan = RolloutPlan.of(mgp, target)
                .withStages(wholeTarget ? StagePlan.explicit("1", "100%") : StagePlan.explicit("1"))
                .withGates(gates).withDescription("canary of a federated model");
        Rollout created = fleet.create(plan, creatorKeyId);
        return fleet.start(created.id(), "canary of a federated model");
    }

}
