/**
 * Small classifiers trained in plain Java and exported as ONNX: softmax (logistic) regression and multi-layer
 * perceptrons with ReLU hidden layers, trained by mini-batch SGD or Adam with L2, deterministic for a seed.
 *
 * <p>{@link org.modelgate.optimize.train.Network} is the model (its parameters readable and writable as one flat
 * {@code float[]}, as federated averaging needs), {@link org.modelgate.optimize.train.Trainer} fits it to an
 * {@link org.modelgate.optimize.train.Objective} (hard labels, soft targets, or a distillation loss), and
 * {@link org.modelgate.optimize.train.Network#toOnnx(String)} writes it as an ONNX graph
 * ({@code Gemm -> Relu -> ... -> Gemm -> Softmax}, input FP32 {@code [batch, features]}, the input standardization
 * folded into the first Gemm).
 *
 * <pre>
 * Dataset data = Dataset.of(rows, labels, 10);
 * Network mlp = Network.mlp(Standardization.of(data.rows()), new int[] {64}, 10, 42);
 * Trainer.builder().optEpochs(60).build().fit(mlp, data.rows(), Objective.crossEntropy(data.labels()));
 * Files.write(Path.of("student.onnx"), mlp.toOnnx("student"));
 * </pre>
 *
 * <p>Modelgate provides these types; callers use them.
 */
@Export
@Version("1.0.0")
package org.modelgate.optimize.train;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
