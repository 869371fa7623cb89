package org.modelgate.explain;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One prediction, explained: what the model said, how sure it was, and which features made it say so.
 *
 * @param model the model name
 * @param version the version that served
 * @param classification the prediction, confidence and top-k
 * @param attribution the attribution of the predicted class's probability
 */
@ProviderType
public record Explanation(String model, String version, Classification classification, Attribution attribution) {
}
