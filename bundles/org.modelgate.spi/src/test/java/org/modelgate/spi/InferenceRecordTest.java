package org.modelgate.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.modelgate.api.DataType;
import org.modelgate.api.Tensor;

/** The bounded summaries an inference record keeps of its tensors. */
class InferenceRecordTest {
    @Test
    void theInputSummaryKeepsTheFirst32ValuesOfTheFirstNumericInput() {
        float[] row = new float[100];
        for (int i = 0; i < row.length; i++) {
            row[i] = i;
        }
        InferenceRecord record = record(List.of(Tensor.ofStrings("text", new long[] { 1 }, "hello"),
                Tensor.ofFloats("x", new long[] { 1, 100 }, row)), null, 0);

        assertThat(record.inputValueCount()).isEqualTo(InferenceRecord.MAX_INPUT_VALUES);
        assertThat(record.inputValue(31)).isEqualTo(31f);
        assertThat(record.topClass()).as("no outputs").isEqualTo(-1);
        assertThat(record.topScore()).isNaN();
    }

    @Test
    void aClassifiersTopClassAndScoreComeFromItsProbabilities() {
        List<Tensor> outputs = List.of(Tensor.ofLongs("label", new long[] { 1 }, 2),
                Tensor.ofFloats("probabilities", new long[] { 1, 3 }, 0.1f, 0.2f, 0.7f));

        InferenceRecord record = record(List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f)), outputs, 3);

        assertThat(record.topClass()).isEqualTo(2);
        assertThat(record.topScore()).isEqualTo(0.7f);
    }

    @Test
    void aLabelOutputAloneGivesTheClassWithoutAScore() {
        InferenceRecord record = record(List.of(), List.of(Tensor.ofLongs("label", new long[] { 1 }, 1)), 3);

        assertThat(record.topClass()).isEqualTo(1);
        assertThat(record.topScore()).isNaN();
        assertThat(record.inputValueCount()).isZero();
    }

    @Test
    void aModelWithoutLabelsHasNoTopClass() {
        InferenceRecord record = record(List.of(Tensor.of("b", DataType.UINT8, new long[] { 2 },
                java.nio.ByteBuffer.wrap(new byte[] { (byte) 200, 1 }))), List.of(Tensor.ofFloats("y", new long[] { 1, 3 }, 1, 2, 3)), 0);

        assertThat(record.topClass()).isEqualTo(-1);
        assertThat(record.inputValues()).containsExactly(200f, 1f);
    }

    @Test
    void anEmptyBatchHasNoTopClass() {
        InferenceRecord record = record(List.of(), List.of(Tensor.ofFloats("probabilities", new long[] { 0, 3 })), 3);

        assertThat(record.topClass()).isEqualTo(-1);
    }

    @Test
    void aRegressionsPredictionIsTheFirstValueOfItsFirstNumericOutput() {
        InferenceRecord record = record(List.of(Tensor.ofFloats("x", new long[] { 1, 2 }, 1f, 2f)),
                List.of(Tensor.ofStrings("note", new long[] { 1 }, "ok"), Tensor.ofFloats("y", new long[] { 1, 1 }, 42.5f)), 0);

        assertThat(record.outputValue()).isEqualTo(42.5f);
        assertThat(record(List.of(), null, 0).outputValue()).as("a failed request").isNaN();
    }

    private static InferenceRecord record(List<Tensor> inputs, List<Tensor> outputs, int classes) {
        return new InferenceRecord("m", "1.0.0", "onnxruntime", null, "id", 0, 10, 5, InferenceRecord.Outcome.SUCCESS,
                inputs, outputs, classes);
    }
}
