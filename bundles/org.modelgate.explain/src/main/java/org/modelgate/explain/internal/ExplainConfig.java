package org.modelgate.explain.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the explainer (PID {@code org.modelgate.explain}); every property has a default.
 */
@ObjectClassDefinition(name = "Modelgate explanations", description = "Attribution method, its inference budget, "
        + "permutation repeats")
public @interface ExplainConfig {
    /** The PID. */
    String PID = "org.modelgate.explain";

    @AttributeDefinition(description = "Attribution method: occlusion (F + 1 inferences) or kernelshap (sampled "
            + "coalitions within the budget)")
    String method() default "occlusion";

    @AttributeDefinition(description = "Extra inferences one attribution may run (Kernel SHAP's coalitions; "
            + "occlusion needs F + 1 and is refused above it)", min = "4")
    int budget() default 256;

    @AttributeDefinition(description = "Shuffles per feature in permutation importance", min = "1")
    int repeats() default 5;

    @AttributeDefinition(description = "Rows per inference request where the model's batch dimension is free", min = "1")
    int batchSize() default 64;

    @AttributeDefinition(description = "Seed of Kernel SHAP's coalition sampling and of the shuffles (results repeat)")
    long seed() default 42L;
}
