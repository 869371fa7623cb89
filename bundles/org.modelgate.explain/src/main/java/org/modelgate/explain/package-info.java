/**
 * Explanations of a model's predictions: confidence and top-k of a classifier's output, attribution of one
 * request's tabular input features, permutation importance over labelled rows.
 *
 * <p>{@link org.modelgate.explain.Explainer} is the service; Modelgate provides it (bundle
 * {@code org.modelgate.explain}); the REST endpoints and the console call it. Every type here is
 * {@code @ProviderType}.
 */
@Export
@Version("1.0.0")
package org.modelgate.explain;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
