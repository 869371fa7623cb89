package org.modelgate.accel.onnxruntime;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.annotation.versioning.ConsumerType;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;

/**
 * What the ONNX Runtime natives loaded in this process can do: the execution providers compiled in, and whether a
 * provider can really be added (its shared library and everything it links found). Tests give a fake.
 *
 * <p>Provider names are those of the backend's {@code ort.executionProviders}: {@code CPU}, {@code CUDA},
 * {@code TENSORRT}, {@code OPENVINO}, {@code DNNL}, and ONNX Runtime's own for the others.
 */
@ConsumerType
public interface OrtNatives {
    /**
     * The providers compiled into the loaded natives ({@code [CPU]} for the CPU natives Modelgate ships).
     *
     * @return the names
     * @throws IllegalStateException when the natives cannot be loaded at all, saying why
     */
    Set<String> providers();

    /**
     * Adds a provider to throw-away session options, which loads its shared library and what it links. Creates no
     * {@code OrtEnvironment} (the backend creates the process's one, maybe with global thread pools).
     *
     * @param provider the provider, e.g. {@code CUDA}
     * @param options its options, e.g. {@code device_id=0}
     * @return empty when it was added; else ONNX Runtime's reason
     */
    Optional<String> tryAdd(String provider, Map<String, String> options);

    /**
     * Why a provider cannot be used here, if it cannot.
     *
     * @param provider the provider, e.g. {@code OPENVINO}
     * @param options its options for {@link #tryAdd}
     * @param remedy what an operator can do about it, appended to the reason
     * @return the reason, or empty when the provider is compiled in and can be added
     */
    default Optional<String> whyNot(String provider, Map<String, String> options, String remedy) {
        Set<String> compiled;
        try {
            compiled = providers();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("ONNX Runtime's natives could not be loaded (" + e.getMessage() + "): " + remedy);
        }
        if (!compiled.contains(provider)) {
            return Optional.of("the loaded ONNX Runtime natives carry " + new TreeSet<>(compiled) + ", not " + provider + ": "
                    + remedy);
        }
        return tryAdd(provider, options).map(failure -> provider + " is compiled into the loaded ONNX Runtime natives but "
                + "could not be added (" + failure + "): " + remedy);
    }

    /**
     * The natives loaded in this process (through the {@code ai.onnxruntime} bundle and its native fragment).
     *
     * @return the natives
     */
    static OrtNatives loaded() {
        return new OrtNatives() {
            @Override
            public Set<String> providers() {
                try {
                    Set<String> names = new TreeSet<>();
                    for (OrtProvider provider : OrtEnvironment.getAvailableProviders()) {
                        names.add(name(provider));
                    }
                    return names;
                } catch (LinkageError e) {
                    throw new IllegalStateException(e.toString(), e);
                }
            }

            @Override
            public Optional<String> tryAdd(String provider, Map<String, String> options) {
                try (SessionOptions session = new SessionOptions()) {
                    switch (provider) {
                        case "CUDA" -> {
                            try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions()) {
                                for (Map.Entry<String, String> option : options.entrySet()) {
                                    cuda.add(option.getKey(), option.getValue());
                                }
                                session.addCUDA(cuda);
                            }
                        }
                        case "TENSORRT" -> {
                            try (OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions()) {
                                for (Map.Entry<String, String> option : options.entrySet()) {
                                    trt.add(option.getKey(), option.getValue());
                                }
                                session.addTensorrt(trt);
                            }
                        }
                        case "OPENVINO" -> session.addOpenVINO(options.getOrDefault("device_type", ""));
                        case "DNNL" -> session.addDnnl(true);
                        case "CPU" -> session.addCPU(true);
                        default -> {
                            return Optional.of("Modelgate does not add provider " + provider);
                        }
                    }
                    return Optional.empty();
                } catch (OrtException | RuntimeException | LinkageError e) {
                    return TrialOutcome.of(e);
                }
            }
        };
    }

    /**
     * A provider's name as {@code ort.executionProviders} writes it.
     *
     * @param provider ONNX Runtime's provider
     * @return e.g. {@code TENSORRT} for {@link OrtProvider#TENSOR_RT}
     */
    static String name(OrtProvider provider) {
        return switch (provider) {
            case TENSOR_RT -> "TENSORRT";
            case OPEN_VINO -> "OPENVINO";
            default -> provider.name();
        };
    }
}
