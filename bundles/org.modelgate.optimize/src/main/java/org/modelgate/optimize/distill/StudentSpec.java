package org.modelgate.optimize.distill;

import java.util.Arrays;

import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Standardization;

/**
 * The student's architecture as {@code --student} gives it: {@code logistic} (softmax regression),
 * {@code mlp:64} (one hidden layer of 64 ReLU units) or {@code mlp:128x32} (two).
 *
 * @param hidden the hidden layers' sizes; empty for logistic
 */
public record StudentSpec(int[] hidden) {
    /** The default student, {@code mlp:64}. */
    public static final StudentSpec DEFAULT = new StudentSpec(new int[] {64});
    private static final int MAX_HIDDEN_LAYERS = 2;

    /** Copies the sizes. */
    public StudentSpec {
        hidden = hidden.clone();
    }

    /**
     * Parses {@code logistic}, {@code mlp:N} or {@code mlp:NxM}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static StudentSpec parse(String text) {
        String spec = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (spec.equals("logistic")) {
            return new StudentSpec(new int[0]);
        }
        if (spec.startsWith("mlp:")) {
            String[] parts = spec.substring(4).split("[x,]");
            if (parts.length >= 1 && parts.length <= MAX_HIDDEN_LAYERS) {
                try {
                    int[] sizes = Arrays.stream(parts).mapToInt(p -> Integer.parseInt(p.trim())).toArray();
                    if (Arrays.stream(sizes).allMatch(s -> s >= 1 && s <= 4096)) {
                        return new StudentSpec(sizes);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the message below
                }
            }
        }
        throw new IllegalArgumentException("student '" + text + "' is not understood; give logistic, mlp:<units> or"
                + " mlp:<units>x<units> (one or two hidden layers of 1..4096 units), e.g. mlp:64");
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** A fresh network of this shape. */
    public Network network(Standardization standardization, int classes, long seed) {
        return Network.mlp(standardization, hidden, classes, seed);
    }

    @Override
    public String toString() {
        if (hidden.length == 0) {
            return "logistic";
        }
        StringBuilder text = new StringBuilder("mlp:");
        for (int i = 0; i < hidden.length; i++) {
            text.append(i == 0 ? "" : "x").append(hidden[i]);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StudentSpec s && Arrays.equals(hidden, s.hidden);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden);
    }
}
