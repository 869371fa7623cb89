/**
 * What both ONNX backends (onnxruntime, and djl on DJL's OnnxRuntime engine) share about ONNX Runtime:
 * a model's session settings and their option names ({@link org.modelgate.accel.onnxruntime.session.SessionSettings},
 * {@link org.modelgate.accel.onnxruntime.session.OptimizationLevel}) and the mapping between Modelgate's data
 * types and ONNX element types ({@link org.modelgate.accel.onnxruntime.session.ElementTypes}).
 *
 * <p>Backends use these types; Modelgate provides them.
 */
@Export
@Version("1.0.0")
package org.modelgate.accel.onnxruntime.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
