package org.modelgate.learn;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one gateway sends for one round: the change it made to the global model's parameters.
 *
 * <p>The array is not copied: whoever makes an update hands it over and does not write to it afterwards. Two
 * updates are equal when device, round, samples and every value of the delta are (the array's content, not its
 * identity).
 *
 * @param device the gateway's id
 * @param round the round the update belongs to
 * @param samples how many local rows it was trained on (FedAvg's weight), 1 or more
 * @param delta local minus global parameters, in {@code Network.parameters()}'s layout
 */
public record ClientUpdate(String device, long round, int samples, float[] delta) {
    /** Checks that the device is named, the sample count positive and the delta present. */
    public ClientUpdate {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(delta, "delta");
        if (device.isBlank()) {
            throw new IllegalArgumentException("an update needs the id of the device that sent it");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("the update of " + device + " claims " + samples
                    + " samples; an update is trained on 1 or more");
        }
    }

    /** @return the number of parameters the update changes */
    public int parameterCount() {
        return delta.length;
    }

    /** @return the Euclidean (L2) norm of the delta */
    public double norm() {
        return Vectors.norm(delta);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientUpdate u && device.equals(u.device) && round == u.round && samples == u.samples
                && Arrays.equals(delta, u.delta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, round, samples) * 31 + Arrays.hashCode(delta);
    }

    @Override
    public String toString() {
        return "ClientUpdate[device=" + device + ", round=" + round + ", samples=" + samples + ", parameters="
                + delta.length + "]";
    }
}
