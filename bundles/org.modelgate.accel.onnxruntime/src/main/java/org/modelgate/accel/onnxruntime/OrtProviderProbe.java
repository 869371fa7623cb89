package org.modelgate.accel.onnxruntime;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.modelgate.spi.DeviceProbe;

/**
 * The probe of an ONNX Runtime provider that needs nothing but natives built with it (OpenVINO, oneDNN): available
 * when the loaded natives carry the provider and it can really be added, else unavailable with the reason and what
 * to do about it. The GPU providers have {@link NvidiaProviderProbe}.
 *
 * @param provider the provider, e.g. {@code OPENVINO}
 * @param remedy what an operator can do when it is missing, e.g. "install natives built with --use_openvino"
 */
public record OrtProviderProbe(String provider, String remedy) {
    /**
     * Probes the provider in the loaded natives.
     *
     * @param natives the ONNX Runtime natives
     * @param options the provider options for the trial, e.g. {@code device_type=GPU}
     * @param device what the driver runs on when available, e.g. "OpenVINO GPU"
     * @return available on {@code device}, or unavailable with the first thing that is wrong; both with the
     *     providers compiled in (none when the natives cannot be loaded)
     */
    public DeviceProbe probe(OrtNatives natives, Map<String, String> options, String device) {
        return natives.whyNot(provider, options, remedy)
                .map(reason -> DeviceProbe.unavailable(reason, null, compiled(natives)))
                .orElseGet(() -> DeviceProbe.available(device, compiled(natives)));
    }

    private static List<String> compiled(OrtNatives natives) {
        try {
            return List.copyOf(new TreeSet<>(natives.providers()));
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }
}
