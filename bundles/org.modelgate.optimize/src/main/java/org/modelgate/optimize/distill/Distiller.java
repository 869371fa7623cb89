package org.modelgate.optimize.distill;

import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.optimize.train.Trainer;

/**
 * Trains a student on a teacher's soft outputs: the rows are split (stratified by label when there are labels),
 * the student is trained with Adam on the training part against {@link DistillationLoss}, and the held-out part
 * measures the teacher's and the student's accuracy and how often they agree.
 *
 * <pre>
 * Distillation result = Distiller.distill(rows, labels, teacherScores, DistillSettings.DEFAULT, null);
 * Files.write(out, result.student().toOnnx("student"));
 * </pre>
 */
public final class Distiller {
    private Distiller() {
    }

    /**
     * Distills.
     *
     * @param rows the feature rows
     * @param labels each row's class, or null when the data has none (then only agreement is measured)
     * @param teacherScores the teacher's probabilities or logits for each row
     * @param settings the student and the loss
     * @param listener told after each epoch, or null
     * @return the student and its figures
     */
    public static Distillation distill(float[][] rows, int[] labels, float[][] teacherScores, DistillSettings settings,
            Trainer.EpochListener listener) {
        if (rows.length != teacherScores.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + teacherScores.length + " teacher outputs");
        }
        int classes = teacherScores[0].length;
        if (labels != null) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("row " + (i + 1) + " has label " + labels[i] + " but the teacher has "
                            + classes + " classes (0.." + (classes - 1) + "); check --labels");
                }
            }
        }
        // without labels every row is class 0 for the split: a plain seeded shuffle
        Dataset all = Dataset.of(rows, labels != null ? labels : new int[rows.length], classes);
        Dataset.Split split = all.split(settings.heldOutFraction(), settings.seed());
        double[][] teacherLogits = DistillationLoss.logitsOf(pick(teacherScores, split.trainIndices()));
        Network student = settings.student().network(Standardization.of(split.train().rows()), classes, settings.seed());
        Trainer trainer = Trainer.builder().optAlgorithm(Trainer.Algorithm.ADAM).optEpochs(settings.epochs())
                .optBatchSize(settings.batchSize()).optLearningRate(settings.learningRate()).optSeed(settings.seed())
                .optListener(listener).build();
        Trainer.History history = trainer.fit(student, split.train().rows(),
                new DistillationLoss(teacherLogits, labels == null ? null : split.train().labels(), settings.temperature(),
                        settings.alpha()));
        int[] teacherHeldOut = argmax(pick(teacherScores, split.heldOutIndices()));
        int[] studentHeldOut = student.predict(split.heldOut().rows());
        double agreement = agreement(teacherHeldOut, studentHeldOut);
        double teacherAccuracy = labels == null ? Double.NaN : split.heldOut().accuracyOf(teacherHeldOut);
        double studentAccuracy = labels == null ? Double.NaN : split.heldOut().accuracyOf(studentHeldOut);
        return new Distillation(student, split, labels != null, teacherAccuracy, studentAccuracy, agreement, history);
    }

    static int[] argmax(float[][] scores) {
        int[] best = new int[scores.length];
        for (int r = 0; r < scores.length; r++) {
            for (int c = 1; c < scores[r].length; c++) {
                if (scores[r][c] > scores[r][best[r]]) {
                    best[r] = c;
                }
            }
        }
        return best;
    }

    static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return a.length == 0 ? 0 : (double) same / a.length;
    }

    private static float[][] pick(float[][] values, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }
}
