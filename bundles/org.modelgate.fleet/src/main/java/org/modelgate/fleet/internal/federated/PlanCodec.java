package org.modelgate.fleet.internal.federated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.learn.AggregationRule;

/** A plan as JSON values and back (the training's snapshot holds it). */
final class PlanCodec {
    private PlanCodec() {
    }

    static Map<String, Object> write(FederatedPlan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", p.task());
        m.put("target", p.target().toString());
        m.put("layers", java.util.Arrays.stream(p.layers()).boxed().toList());
        m.put("mean", FederatedPlan.floats(p.mean()));
        m.put("std", FederatedPlan.floats(p.std()));
        m.put("rounds", p.rounds());
        m.put("fraction", p.fraction());
        m.put("minAvailable", p.minAvailable());
        m.put("minFit", p.minFit());
        m.put("roundTimeoutSeconds", p.roundTimeout().toMillis() / 1000.0);
        m.put("rule", p.rule().name());
        m.put("trimFraction", p.trimFraction());
        m.put("proximalMu", p.proximalMu());
        m.put("epochs", p.epochs());
        m.put("batchSize", p.batchSize());
        m.put("learningRate", p.learningRate());
        m.put("maxSeconds", p.maxSeconds());
        m.put("maxNorm", p.maxNorm());
        m.put("clipNorm", p.clipNorm());
        m.put("noiseMultiplier", p.noiseMultiplier());
        m.put("delta", p.delta());
        m.put("seed", p.seed());
        m.put("evaluation", p.evaluation() == null ? null : p.evaluation().toString());
        m.put("secure", p.secure());
        return m;
    }

    static FederatedPlan read(Map<String, Object> m) {
        String target = (String) m.get("target");
        return new FederatedPlan((String) m.get("task"),
                target == null || target.isBlank() || target.equals("all") ? DeviceQuery.all() : DeviceQuery.parse(target),
                ints(m.get("layers")), floats(m.get("mean")), floats(m.get("std")), num(m, "rounds").intValue(),
                num(m, "fraction").doubleValue(), num(m, "minAvailable").intValue(), num(m, "minFit").intValue(),
                Duration.ofMillis((long) (num(m, "roundTimeoutSeconds").doubleValue() * 1000)),
                AggregationRule.valueOf((String) m.get("rule")), num(m, "trimFraction").doubleValue(),
                num(m, "proximalMu").doubleValue(), num(m, "epochs").intValue(), num(m, "batchSize").intValue(),
                num(m, "learningRate").doubleValue(), num(m, "maxSeconds").doubleValue(), num(m, "maxNorm").doubleValue(),
                num(m, "clipNorm").doubleValue(), num(m, "noiseMultiplier").doubleValue(), num(m, "delta").doubleValue(),
                num(m, "seed").longValue(), m.get("evaluation") == null ? null : Path.of((String) m.get("evaluation")),
                Boolean.TRUE.equals(m.get("secure")));
    }

    static Number num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("field " + key + " is missing or not a number: " + v);
    }

    static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] v = new float[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) l.get(i)).floatValue();
        }
        return v;
    }
}
