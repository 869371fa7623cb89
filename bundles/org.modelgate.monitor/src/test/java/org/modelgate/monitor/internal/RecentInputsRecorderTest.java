package org.modelgate.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.api.Tensor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InputShape;

/** Feature: the recent inputs of each model version, from the record stream, for profiling. */
class RecentInputsRecorderTest {
    private final RecentInputsRecorder recorder = new RecentInputsRecorder();

    @Test
    void theLatestShapeAndTheRangeOfValuesSeen_areKeptPerVersionAndInput() {
        whenServed("detector", "1.0.0", InferenceRecord.Outcome.SUCCESS, new long[] {1, 3, 4, 4}, 0.25f);
        whenServed("detector", "1.0.0", InferenceRecord.Outcome.SUCCESS, new long[] {1, 3, 8, 8}, 0.75f);
        whenServed("detector", "1.0.0", InferenceRecord.Outcome.REJECTED, new long[] {9, 9}, 100f);
        whenServed("detector", "2.0.0", InferenceRecord.Outcome.SUCCESS, new long[] {1, 3, 2, 2}, 5f);

        List<InputShape> seen = recorder.of("detector", "1.0.0");

        assertEquals(1, seen.size());
        assertEquals("x", seen.get(0).name());
        assertArrayEquals(new long[] {1, 3, 8, 8}, seen.get(0).shape(), "the latest shape; a rejected request's is not kept");
        assertEquals(0.0, seen.get(0).min(), "values ramp from 0 in each request");
        assertEquals(0.75 * 31, seen.get(0).max(), 1e-4, "the range of the first 32 values, widened over requests");
        assertArrayEquals(new long[] {1, 3, 2, 2}, recorder.of("detector", "2.0.0").get(0).shape(), "each version its own");
        assertEquals(List.of(), recorder.of("detector", "3.0.0"));
    }

    private void whenServed(String model, String version, InferenceRecord.Outcome outcome, long[] shape, float step) {
        int n = 1;
        for (long dim : shape) {
            n *= (int) dim;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * step;
        }
        recorder.accept(new InferenceRecord(model, version, "onnxruntime", null, "r", 0, 1000, 500, outcome,
                List.of(Tensor.ofFloats("x", shape, values)), null, 0));
    }
}
