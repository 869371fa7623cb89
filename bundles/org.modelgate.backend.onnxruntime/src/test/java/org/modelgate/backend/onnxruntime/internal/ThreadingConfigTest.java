package org.modelgate.backend.onnxruntime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;
import org.modelgate.accel.onnxruntime.session.OptimizationLevel;

/** Threading settings that cannot work are refused at activation with a message naming what would. */
class ThreadingConfigTest {

    @Test
    void anUnknownThreadingIsRefusedNamingTheValidOnes() {
        // SCR converts the configured text when the method is called, and fails as Enum.valueOf does
        OnnxRuntimeBackend.Config config = new DelegatingConfig(TestBackends.config(0, 0, OptimizationLevel.ALL, true)) {
            @Override
            public Threading threading() {
                throw new IllegalArgumentException("No enum constant " + Threading.class.getName() + ".global");
            }
        };

        assertThatThrownBy(() -> new OnnxRuntimeBackend(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threading: No enum constant")
                .hasMessageContaining("expected GLOBAL or PER_SESSION");
    }

    @Test
    void aNegativeGlobalPoolSizeIsRefused() {
        assertThatThrownBy(() -> new OnnxRuntimeBackend(
                TestBackends.config(0, -1, OptimizationLevel.ALL, true, Threading.GLOBAL)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interOpThreads is -1; expected 0 or more");
    }

    @Test
    void poolSizesReadAsTheyAreMeant() {
        assertThat(new GlobalPools(0, 1, false)).hasToString("intra-op ONNX Runtime's choice, inter-op 1 thread, spinning off");
        assertThat(GlobalPools.of(TestBackends.config(4, 0, OptimizationLevel.ALL, true, Threading.GLOBAL)))
                .isEqualTo(new GlobalPools(4, 0, true));
    }

    @Test
    void theDefaultIsGlobalPoolsWithSpinning() throws Exception {
        assertThat(OnnxRuntimeBackend.Config.class.getMethod("threading").getDefaultValue()).isEqualTo(Threading.GLOBAL);
        assertThat(OnnxRuntimeBackend.Config.class.getMethod("allowSpinning").getDefaultValue()).isEqualTo(true);
    }

    /** A configuration that answers as another one does, to change one answer. */
    private static class DelegatingConfig implements OnnxRuntimeBackend.Config {
        private final OnnxRuntimeBackend.Config delegate;

        DelegatingConfig(OnnxRuntimeBackend.Config delegate) {
            this.delegate = delegate;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return OnnxRuntimeBackend.Config.class;
        }

        @Override
        public int intraOpThreads() {
            return delegate.intraOpThreads();
        }

        @Override
        public int interOpThreads() {
            return delegate.interOpThreads();
        }

        @Override
        public OptimizationLevel optimizationLevel() {
            return delegate.optimizationLevel();
        }

        @Override
        public boolean allowSpinning() {
            return delegate.allowSpinning();
        }

        @Override
        public Threading threading() {
            return delegate.threading();
        }
    }
}
