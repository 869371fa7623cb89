package org.modelgate.optimize.distill;

import org.modelgate.optimize.train.Dataset;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Trainer;

/**
 * A distilled student and its figures on the held-out rows (computed in Java; the command measures the exported
 * ONNX file again through ONNX Runtime).
 *
 * @param student the trained student
 * @param split the training and held-out rows (labels are all 0 when the data has none)
 * @param labelled whether the data had labels
 * @param teacherAccuracy the teacher's accuracy on the held-out rows, NaN without labels
 * @param studentAccuracy the student's accuracy on the held-out rows, NaN without labels
 * @param agreement the share of held-out rows where student and teacher pick the same class
 * @param history the training loss per epoch
 */
public record Distillation(Network student, Dataset.Split split, boolean labelled, double teacherAccuracy,
        double studentAccuracy, double agreement, Trainer.History history) {
}
