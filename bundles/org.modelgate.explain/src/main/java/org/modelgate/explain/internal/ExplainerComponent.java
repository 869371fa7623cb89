package org.modelgate.explain.internal;

import java.util.ArrayList;
import java.util.List;

import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.Tensor;
import org.modelgate.explain.Attribution;
import org.modelgate.explain.AttributionMethod;
import org.modelgate.explain.Classification;
import org.modelgate.explain.ExplainRefusedException;
import org.modelgate.explain.ExplainRefusedException.Reason;
import org.modelgate.explain.Explainer;
import org.modelgate.explain.Explanation;
import org.modelgate.explain.FeatureAttribution;
import org.modelgate.explain.Importance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link Explainer} service: confidence and top-k from an output row, attribution and permutation importance
 * by running the model again through the inference service.
 */
@Component(service = Explainer.class, configurationPid = ExplainConfig.PID)
@Designate(ocd = ExplainConfig.class)
public class ExplainerComponent implements Explainer {
    private final InferenceService inference;
    private final ModelRegistry registry;
    /** The health monitor's labelled rows ({@link HealthLabelledRows}), while it runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile LabelledRows labelled;
    private volatile Settings settings;

    /** The configuration as values. */
    record Settings(AttributionMethod method, int budget, int repeats, int batchSize, long seed) {
        static Settings of(ExplainConfig config) {
            AttributionMethod method;
            try {
                method = AttributionMethod.of(config.method());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ExplainConfig.PID + ": " + e.getMessage(), e);
            }
            return new Settings(method, Math.max(4, config.budget()), Math.max(1, config.repeats()),
                    Math.max(1, config.batchSize()), config.seed());
        }
    }

    /**
     * Creates the service.
     *
     * @param inference runs the models
     * @param registry describes them and gives their model.json
     * @param config the configuration
     */
    @Activate
    public ExplainerComponent(@Reference InferenceService inference, @Reference ModelRegistry registry,
            ExplainConfig config) {
        this.inference = inference;
        this.registry = registry;
        this.settings = Settings.of(config);
    }

    /**
     * Sets where labelled rows come from (the health monitor; tests hand rows in).
     *
     * @param rows the source, or null for none
     */
    public void labelledRows(LabelledRows rows) {
        labelled = rows;
    }

    @Modified
    void modified(ExplainConfig config) {
        settings = Settings.of(config);
    }

    @Override
    public Classification classify(InferenceResponse response, int topK) {
        if (response.outputs().isEmpty()) {
            throw new ExplainRefusedException(Reason.NOT_A_CLASSIFIER, null, "model '" + response.model()
                    + "' gave no output to classify");
        }
        Tensor output = response.outputs().get(0);
        if (!output.dataType().isFixedSize()) {
            throw new ExplainRefusedException(Reason.NOT_A_CLASSIFIER, null, "output '" + output.name() + "' of model '"
                    + response.model() + "' holds strings; confidence and top-k need a classifier's scores");
        }
        return ClassScores.classify(firstRow(output), labels(response.model()), topK);
    }

    @Override
    public Attribution attribute(String model, String version, InferenceRequest request) {
        ModelInfo info = model(model);
        Settings s = settings;
        TabularModel tabular = TabularModel.of(inference, info, version, s.batchSize());
        float[] row = requestRow(tabular, request);
        return attribute(info, version, tabular, row, null, s);
    }

    @Override
    public Explanation explain(String model, float[] features, int topK) {
        ModelInfo info = model(model);
        Settings s = settings;
        TabularModel tabular = TabularModel.of(inference, info, null, s.batchSize());
        if (features.length != tabular.width()) {
            throw new ExplainRefusedException(Reason.BAD_PARAMETER, "features", "model '" + model + "' takes "
                    + tabular.width() + " features, got " + features.length);
        }
        InferenceResponse response = tabular.response(features);
        Classification classification = classify(response, topK);
        Attribution attribution = attribute(info, response.version(), tabular, features,
                classification.probabilities(), s);
        return new Explanation(model, response.version(), classification, attribution);
    }

    @Override
    public Importance importance(String model) {
        ModelInfo info = model(model);
        LabelledRows rows = labelled;
        LabelledRows.Window window = (rows == null ? LabelledRows.NONE : rows).window(model);
        int width = TabularModel.of(inference, info, null, 1).width();
        for (float[] row : window.rows()) {
            if (row.length != width) {
                // the health monitor keeps a bounded prefix of each input (InferenceRecord's first values)
                throw new ExplainRefusedException(Reason.NO_LABELLED_ROWS, null, "the labelled rows of model '" + model
                        + "' hold " + row.length + " values, the model takes " + width + "; the health monitor keeps "
                        + "only the first values of each input, so permutation importance needs models of at most "
                        + row.length + " features");
            }
        }
        return importance(model, window.rows(), window.labels());
    }

    @Override
    public Importance importance(String model, List<float[]> rows, List<String> labels) {
        ModelInfo info = model(model);
        Settings s = settings;
        if (rows.isEmpty()) {
            throw new ExplainRefusedException(Reason.NO_LABELLED_ROWS, null, "model '" + model + "' has no labelled rows "
                    + "yet; send label feedback for some predictions (POST /v2/models/" + model + "/feedback) first");
        }
        if (rows.size() != labels.size()) {
            throw new ExplainRefusedException(Reason.BAD_PARAMETER, "labels", rows.size() + " rows but "
                    + labels.size() + " labels");
        }
        TabularModel tabular = TabularModel.of(inference, info, null, s.batchSize());
        List<String> classes = info.labels();
        int[] truth = new int[labels.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = classIndex(model, classes, labels.get(i));
        }
        float[][] matrix = new float[rows.size()][];
        for (int i = 0; i < matrix.length; i++) {
            if (rows.get(i).length != tabular.width()) {
                throw new ExplainRefusedException(Reason.BAD_PARAMETER, "rows", "row " + i + " has " + rows.get(i).length
                        + " values; model '" + model + "' takes " + tabular.width());
            }
            matrix[i] = rows.get(i);
        }
        List<String> names = featureNames(info, tabular);
        PermutationImportance.Result result = PermutationImportance.compute(matrix, truth, names,
                batch -> predictions(tabular, batch), s.repeats(), s.seed());
        return new Importance(model, info.version(), matrix.length, s.repeats(), result.accuracy(), result.features(),
                tabular.inferences());
    }

    /** Attributes the most probable class's probability; runs the row first when its probabilities are not known. */
    private Attribution attribute(ModelInfo info, String version, TabularModel tabular, float[] row, double[] known,
            Settings s) {
        Baseline baseline = Baseline.of(info.name(), registry.modelJson(info.name(),
                version == null ? info.version() : version), tabular.inputName(), tabular.width());
        double[] probabilities = known != null ? known
                : ClassScores.probabilities(tabular.outputs(new float[][] {row})[0]);
        int target = argmax(probabilities);
        ScoreFunction score = rows -> {
            double[][] outputs = tabular.outputs(rows);
            double[] scores = new double[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                scores[i] = ClassScores.probabilities(outputs[i])[target];
            }
            return scores;
        };
        double[] result;
        if (s.method() == AttributionMethod.OCCLUSION) {
            if (Occlusion.cost(tabular.width()) > s.budget()) {
                throw new ExplainRefusedException(Reason.BAD_PARAMETER, "explain", "occlusion of " + tabular.width()
                        + " features needs " + Occlusion.cost(tabular.width()) + " inferences, above the budget of "
                        + s.budget() + " (PID " + ExplainConfig.PID + ", budget; or method kernelshap)");
            }
            result = Occlusion.attribute(row, baseline.means(), score);
        } else {
            result = KernelShap.attribute(row, baseline.means(), score, s.budget(), s.seed());
        }
        List<FeatureAttribution> features = new ArrayList<>(row.length);
        for (int f = 0; f < row.length; f++) {
            features.add(new FeatureAttribution(baseline.names().get(f), row[f], result[f + 2]));
        }
        return new Attribution(s.method(), Attribution.REFERENCE_MEAN, new org.modelgate.explain.ScoredLabel(
                ClassScores.label(info.labels(), target), target, probabilities[target]), result[0], result[1], features,
                (int) tabular.inferences());
    }

    private List<String> featureNames(ModelInfo info, TabularModel tabular) {
        try {
            return Baseline.of(info.name(), registry.modelJson(info.name(), info.version()), tabular.inputName(),
                    tabular.width()).names();
        } catch (ExplainRefusedException e) {
            return Baseline.defaultNames(tabular.width());
        }
    }

    private static int[] predictions(TabularModel tabular, float[][] rows) {
        double[][] outputs = tabular.outputs(rows);
        int[] predicted = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            predicted[i] = argmax(ClassScores.probabilities(outputs[i]));
        }
        return predicted;
    }

    private static int classIndex(String model, List<String> classes, String label) {
        int index = classes.indexOf(label);
        if (index < 0 && label != null && label.startsWith("class_")) {
            try {
                index = Integer.parseInt(label.substring(6));
            } catch (NumberFormatException e) {
                index = -1;
            }
        }
        if (index < 0) {
            throw new ExplainRefusedException(Reason.BAD_PARAMETER, "labels", "label '" + label + "' is not one of model '"
                    + model + "''s labels " + classes);
        }
        return index;
    }

    private float[] requestRow(TabularModel tabular, InferenceRequest request) {
        if (request.inputs().size() != 1) {
            throw new ExplainRefusedException(Reason.NOT_TABULAR, "explain", "explain needs one input row; the request "
                    + "has " + request.inputs().size() + " inputs");
        }
        Tensor input = request.inputs().get(0);
        long[] shape = input.shape();
        if (shape.length != 2 || shape[0] != 1 || shape[1] != tabular.width() || !input.dataType().isFixedSize()) {
            throw new ExplainRefusedException(Reason.BAD_PARAMETER, "explain", "explain explains one row: input '"
                    + input.name() + "' must be [1," + tabular.width() + "], got " + input.dataType()
                    + java.util.Arrays.toString(shape).replace(" ", ""));
        }
        return input.toFloatArray();
    }

    private ModelInfo model(String name) {
        return registry.model(name)
                .orElseThrow(() -> new ModelNotFoundException("model '" + name + "' is not in the repository"));
    }

    private List<String> labels(String model) {
        return registry.model(model).map(ModelInfo::labels).orElse(List.of());
    }

    private static double[] firstRow(Tensor output) {
        long[] shape = output.shape();
        int width = shape.length == 0 ? 1 : (int) shape[shape.length - 1];
        double[] all = output.toDoubleArray();
        double[] row = new double[Math.min(width, all.length)];
        System.arraycopy(all, 0, row, 0, row.length);
        return row;
    }

    static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
