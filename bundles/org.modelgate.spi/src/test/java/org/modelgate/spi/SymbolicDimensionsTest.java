package org.modelgate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.Tensor;

/** Inputs that share a named dimension must give it one size; the error names both inputs. */
class SymbolicDimensionsTest {
    private final SymbolicDimensions dims = SymbolicDimensions.of(axes());

    @Test
    void inputsThatAgreeOnTheSharedDimensionsPass() {
        assertThatCode(() -> dims.check(List.of(ids(2, 16), mask(2, 16)), "minilm")).doesNotThrowAnyException();
    }

    @Test
    void inputsThatDisagreeAreTheClientsErrorWithBothNames() {
        assertThatThrownBy(() -> dims.check(List.of(ids(2, 16), mask(2, 11)), "minilm"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model minilm: inputs 'input_ids' and 'attention_mask' must agree on dimension 'sequence':"
                        + " 16 vs 11 (shapes [2, 16] and [2, 11])");
    }

    @Test
    void aNameUsedOnceIsNoConstraint() {
        assertThat(SymbolicDimensions.of(Map.of("x", new String[] {"batch", null}))).isSameAs(SymbolicDimensions.NONE);
    }

    private static Map<String, String[]> axes() {
        Map<String, String[]> axes = new LinkedHashMap<>();
        axes.put("input_ids", new String[] {"batch", "sequence"});
        axes.put("attention_mask", new String[] {"batch", "sequence"});
        return axes;
    }

    private static Tensor ids(long batch, long sequence) {
        return Tensor.ofLongs("input_ids", new long[] {batch, sequence}, new long[(int) (batch * sequence)]);
    }

    private static Tensor mask(long batch, long sequence) {
        return Tensor.ofLongs("attention_mask", new long[] {batch, sequence}, new long[(int) (batch * sequence)]);
    }
}
