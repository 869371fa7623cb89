package org.modelgate.optimize.report;

import java.nio.file.Path;

/**
 * One row of a report: a model file measured on this machine.
 *
 * @param name what it is, e.g. {@code original}, {@code int8 dynamic}
 * @param file the ONNX file
 * @param fileBytes its size
 * @param latency p50 and p99 through ONNX Runtime
 * @param accuracy against the original (the original's own row: agreement 1, cosine 1, its label accuracy)
 */
public record ModelMeasurement(String name, Path file, long fileBytes, Latency latency, Accuracy accuracy) {
}
