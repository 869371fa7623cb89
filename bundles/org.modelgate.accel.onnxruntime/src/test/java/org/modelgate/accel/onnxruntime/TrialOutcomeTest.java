package org.modelgate.accel.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What ONNX Runtime 1.23.2's GPU natives answered on a machine without CUDA libraries, without an environment
 * (messages copied from a run of onnxruntime_gpu there): a missing library is a reason, the logger complaint is
 * not (it comes once the library loaded).
 */
class TrialOutcomeTest {
    @Test
    void aMissingLibraryIsTheReason() {
        assertThat(TrialOutcome.of(new IllegalStateException("Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/"
                + "session/provider_bridge_ort.cc:1844 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() "
                + "[ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: "
                + "libcublasLt.so.12: cannot open shared object file: No such file or directory\n")))
                .contains("Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open "
                        + "shared object file: No such file or directory");
        assertThat(TrialOutcome.of(new IllegalStateException("Error code - ORT_EP_FAIL - message: Failed to find CUDA shared provider")))
                .contains("Failed to find CUDA shared provider");
    }

    @Test
    void theLoggerComplaintMeansTheLibraryLoaded() {
        assertThat(TrialOutcome.of(new IllegalStateException("Error code - ORT_FAIL - message: /onnxruntime_src/include/"
                + "onnxruntime/core/common/logging/logging.h:371 static const onnxruntime::logging::Logger& "
                + "onnxruntime::logging::LoggingManager::DefaultLogger() Attempt to use DefaultLogger but none has been "
                + "registered.\n"))).isEmpty();
    }
}
