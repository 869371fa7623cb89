package org.modelgate.fleet.internal.federated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.modelgate.fleet.FleetException;
import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Standardization;

/** The plan's network over a set of weights: the initial model, the held-out accuracy, the exported ONNX. */
final class GlobalModel {
    private GlobalModel() {
    }

    static Network network(FederatedPlan plan, float[] parameters) {
        int[] layers = plan.layers();
        Network network = Network.mlp(new Standardization(plan.mean(), plan.std()),
                Arrays.copyOfRange(layers, 1, layers.length - 1), layers[layers.length - 1], plan.seed());
        if (parameters != null) {
            network.setParameters(parameters);
        }
        return network;
    }

    static float[] initial(FederatedPlan plan) {
        return network(plan, null).parameters();
    }

    /** Accuracy of the weights on a labelled CSV (features..., label). */
    static double accuracy(FederatedPlan plan, float[] parameters, Dataset heldOut) {
        Network network = network(plan, parameters);
        return heldOut.accuracyOf(network.predict(heldOut.rows()));
    }

    /** Reads a labelled CSV of the plan's width. */
    static Dataset read(Path csv, int features, int classes) {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try {
            int line = 0;
            for (String text : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] cells = text.split(",");
                if (cells.length != features + 1) {
                    throw new FleetException(csv + " line " + line + " has " + cells.length + " values, expected "
                            + features + " features and a label");
                }
                float[] row = new float[features];
                for (int f = 0; f < features; f++) {
                    row[f] = Float.parseFloat(cells[f].trim());
                }
                rows.add(row);
                labels.add(Integer.parseInt(cells[features].trim()));
            }
        } catch (IOException | NumberFormatException e) {
            throw new FleetException("cannot read the held-out set " + csv + ": " + e.getMessage(), e);
        }
        return Dataset.of(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }
}
