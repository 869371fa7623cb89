/**
 * Support for accelerator drivers that configure the {@code onnxruntime} backend: the setting keys it reads
 * ({@link org.modelgate.accel.onnxruntime.OrtSettings}), which execution providers the loaded ONNX Runtime natives
 * really carry ({@link org.modelgate.accel.onnxruntime.OrtNatives}), and device probes that unit tests can point
 * at a fake file system ({@link org.modelgate.accel.onnxruntime.LibraryPath},
 * {@link org.modelgate.accel.onnxruntime.NvidiaDevices}), and the probes the drivers share
 * ({@link org.modelgate.accel.onnxruntime.NvidiaProviderProbe} on an {@link org.modelgate.accel.onnxruntime.NvidiaHost},
 * {@link org.modelgate.accel.onnxruntime.OrtProviderProbe}).
 *
 * <p>Drivers use these types; Modelgate provides them.
 */
@Export
@Version("1.1.0")
package org.modelgate.accel.onnxruntime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
