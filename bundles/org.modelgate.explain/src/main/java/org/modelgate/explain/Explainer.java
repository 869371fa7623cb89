package org.modelgate.explain;

import java.util.List;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Explains a model's predictions: confidence and top-k, feature attribution, permutation importance.
 *
 * <p>Attribution and importance run the model again through {@code InferenceService} (in batches when its
 * input has a free batch dimension); their cost is bounded by the configured budget (PID
 * {@code org.modelgate.explain}) and reported in each result. Inputs must be tabular: one FP32 (or FP64)
 * input of shape [1,F] or [-1,F].
 *
 * <pre>{@code
 * @Reference Explainer explainer;
 *
 * Explanation e = explainer.explain("breast_cancer", new float[] {17.99f, 10.38f, ...}, 3);
 * System.out.println(e.classification().predicted().label() + " " + e.classification().confidence().max());
 * e.attribution().features().forEach(f -> System.out.println(f.name() + " " + f.attribution()));
 * }</pre>
 */
@ProviderType
public interface Explainer {
    /** The configuration PID. */
    String PID = "org.modelgate.explain";

    /**
     * Reads the first row of a response's first output as a classification.
     *
     * @param response a classifier's response
     * @param topK how many classes to list, 1 to the number of classes
     * @return the prediction, confidence and top-k
     * @throws ExplainRefusedException BAD_PARAMETER (parameter {@code top_k}) when topK is out of range,
     *         NOT_A_CLASSIFIER when the output is not numeric
     */
    Classification classify(InferenceResponse response, int topK);

    /**
     * Attributes the prediction of one request (run again here) to its input features.
     *
     * @param model the model name
     * @param version the version, or null for the active one
     * @param request a request of one tabular row
     * @return the attribution of the predicted class's probability
     * @throws ExplainRefusedException NOT_TABULAR (parameter {@code explain}), NO_REFERENCE
     * @throws org.modelgate.api.ModelNotFoundException when there is no such model
     */
    Attribution attribute(String model, String version, InferenceRequest request);

    /**
     * Runs one row of features through the active version and explains the prediction.
     *
     * @param model the model name
     * @param features the row
     * @param topK how many classes to list
     * @return prediction, confidence, top-k and attribution
     * @throws ExplainRefusedException as {@link #classify} and {@link #attribute}, and BAD_PARAMETER (parameter
     *         {@code features}) for a row of the wrong width
     */
    Explanation explain(String model, float[] features, int topK);

    /**
     * Permutation importance over the model's recent rows with label feedback (the health monitor's labelled window).
     *
     * @param model the model name
     * @return the importance of each feature, most important first
     * @throws ExplainRefusedException NO_LABELLED_ROWS, NO_HEALTH_MONITOR, NOT_TABULAR
     * @throws org.modelgate.api.ModelNotFoundException when there is no such model
     */
    Importance importance(String model);

    /**
     * Permutation importance over given rows: the accuracy drop when one feature's column is shuffled, with the
     * configured repeats.
     *
     * @param model the model name
     * @param rows the input rows, F values each
     * @param labels the true label of each row (model.json {@code "labels"})
     * @return the importance of each feature, most important first
     * @throws ExplainRefusedException NO_LABELLED_ROWS when there are none, BAD_PARAMETER for rows and labels that
     *         do not match, NOT_TABULAR
     */
    Importance importance(String model, List<float[]> rows, List<String> labels);
}
