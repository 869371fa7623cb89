package org.modelgate.optimize.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Labelled rows: features and class indices (0 .. classes - 1).
 *
 * @param rows the feature rows, all of one width
 * @param labels the class of each row
 * @param classes the number of classes
 */
public record Dataset(float[][] rows, int[] labels, int classes) {
    /** Checks that every row has a label in range and that all rows have one width. */
    public Dataset {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != rows[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + rows[0].length);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("row " + i + " has label " + labels[i] + "; labels run from 0 to " + (classes - 1));
            }
        }
    }

    /** @return {@code new Dataset(rows, labels, classes)} */
    public static Dataset of(float[][] rows, int[] labels, int classes) {
        return new Dataset(rows, labels, classes);
    }

    /** @return the number of rows */
    public int size() {
        return rows.length;
    }

    /**
     * A stratified split: each class is shuffled (seeded) and {@code heldOutFraction} of it, rounded, is held out.
     *
     * @param heldOutFraction between 0 and 1 exclusive
     * @param seed the shuffle's seed
     * @return the training and held-out parts
     */
    public Split split(double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must lie between 0 and 1, got " + heldOutFraction);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int label = 0; label < classes; label++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label) {
                    ofClass.add(i);
                }
            }
            Collections.shuffle(ofClass, random);
            int cut = (int) Math.round(ofClass.size() * heldOutFraction);
            test.addAll(ofClass.subList(0, cut));
            train.addAll(ofClass.subList(cut, ofClass.size()));
        }
        Collections.sort(train);
        Collections.sort(test);
        return new Split(subset(train), subset(test), train.stream().mapToInt(Integer::intValue).toArray(),
                test.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The share of rows whose predicted class equals the label, 0 to 1. */
    public double accuracyOf(int[] predicted) {
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + labels.length + " rows");
        }
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                right++;
            }
        }
        return labels.length == 0 ? 0 : (double) right / labels.length;
    }

    private Dataset subset(List<Integer> indices) {
        float[][] r = new float[indices.size()][];
        int[] l = new int[indices.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rows[indices.get(i)];
            l[i] = labels[indices.get(i)];
        }
        return new Dataset(r, l, classes);
    }

    /**
     * Two parts of a data set.
     *
     * @param train the training rows
     * @param heldOut the held-out rows
     * @param trainIndices the training rows' positions in the whole set
     * @param heldOutIndices the held-out rows' positions in the whole set
     */
    public record Split(Dataset train, Dataset heldOut, int[] trainIndices, int[] heldOutIndices) {
    }
}
