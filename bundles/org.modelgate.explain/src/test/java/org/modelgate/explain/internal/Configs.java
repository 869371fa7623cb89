package org.modelgate.explain.internal;

import java.lang.annotation.Annotation;

/**
 * Typed configurations as DS would hand them to the component.
 */
public final class Configs {
    private Configs() {
    }

    public static ExplainConfig explain(String method, int budget, int repeats) {
        return new ExplainConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ExplainConfig.class;
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public int budget() {
                return budget;
            }

            @Override
            public int repeats() {
                return repeats;
            }

            @Override
            public int batchSize() {
                return 64;
            }

            @Override
            public long seed() {
                return 42L;
            }
        };
    }
}
