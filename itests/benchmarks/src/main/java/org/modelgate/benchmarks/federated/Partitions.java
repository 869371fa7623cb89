package org.modelgate.benchmarks.federated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.modelgate.optimize.train.Dataset;

/** Non-IID splits of a training set across simulated gateways. */
final class Partitions {
    private Partitions() {
    }

    /**
     * Per class, the rows go to the gateways in proportions drawn from Dirichlet(alpha, ..., alpha) (Hsu et al. 2019,
     * as Flower's DirichletPartitioner); drawn again until every gateway holds at least {@code minRows}.
     */
    static List<Dataset> dirichlet(Dataset train, int gateways, double alpha, int minRows, long seed) {
        Random random = new Random(seed);
        for (int attempt = 0; attempt < 1000; attempt++) {
            List<List<Integer>> parts = empty(gateways);
            for (int label = 0; label < train.classes(); label++) {
                List<Integer> ofClass = indicesOf(train, label);
                Collections.shuffle(ofClass, random);
                double[] p = new double[gateways];
                double sum = 0;
                for (int g = 0; g < gateways; g++) {
                    p[g] = gamma(alpha, random);
                    sum += p[g];
                }
                int start = 0;
                double cumulative = 0;
                for (int g = 0; g < gateways; g++) {
                    cumulative += p[g] / sum;
                    int end = g == gateways - 1 ? ofClass.size() : (int) Math.round(cumulative * ofClass.size());
                    parts.get(g).addAll(ofClass.subList(start, Math.max(start, end)));
                    start = Math.max(start, end);
                }
            }
            if (parts.stream().allMatch(part -> part.size() >= minRows)) {
                return subsets(train, parts);
            }
        }
        throw new IllegalStateException("no Dirichlet split with " + minRows + " rows on every gateway in 1000 draws");
    }

    /**
     * Every gateway holds exactly two classes: gateway g < 10 the classes g and g+1, gateway g >= 10 the classes g
     * and g+3 (mod 10); each class is held by four gateways, which share its rows evenly.
     */
    static List<Dataset> twoClassesEach(Dataset train, int gateways, long seed) {
        if (gateways != 2 * train.classes()) {
            throw new IllegalArgumentException("the two-class split is laid out for " + 2 * train.classes() + " gateways");
        }
        int classes = train.classes();
        List<List<Integer>> holders = empty(classes);
        for (int g = 0; g < gateways; g++) {
            int first = g % classes;
            int second = (first + (g < classes ? 1 : 3)) % classes;
            holders.get(first).add(g);
            holders.get(second).add(g);
        }
        Random random = new Random(seed);
        List<List<Integer>> parts = empty(gateways);
        for (int label = 0; label < classes; label++) {
            List<Integer> ofClass = indicesOf(train, label);
            Collections.shuffle(ofClass, random);
            List<Integer> owners = holders.get(label);
            for (int k = 0; k < ofClass.size(); k++) {
                parts.get(owners.get(k % owners.size())).add(ofClass.get(k));
            }
        }
        return subsets(train, parts);
    }

    private static List<List<Integer>> empty(int n) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static List<Integer> indicesOf(Dataset data, int label) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            if (data.labels()[i] == label) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static List<Dataset> subsets(Dataset data, List<List<Integer>> parts) {
        List<Dataset> out = new ArrayList<>();
        for (List<Integer> part : parts) {
            float[][] rows = new float[part.size()][];
            int[] labels = new int[part.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = data.rows()[part.get(i)];
                labels[i] = data.labels()[part.get(i)];
            }
            out.add(Dataset.of(rows, labels, data.classes()));
        }
        return out;
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (2000), boosted for a shape below 1. */
    static double gamma(double shape, Random random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** How many classes each part holds, and its size: "72 rows / 3 classes" style summary figures. */
    static String describe(List<Dataset> parts) {
        int min = Integer.MAX_VALUE;
        int max = 0;
        double classes = 0;
        for (Dataset part : parts) {
            min = Math.min(min, part.size());
            max = Math.max(max, part.size());
            boolean[] seen = new boolean[part.classes()];
            int distinct = 0;
            for (int label : part.labels()) {
                if (!seen[label]) {
                    seen[label] = true;
                    distinct++;
                }
            }
            classes += distinct;
        }
        return String.format(java.util.Locale.ROOT, "rows per gateway %d to %d, %.1f classes per gateway on average", min,
                max, classes / parts.size());
    }
}
