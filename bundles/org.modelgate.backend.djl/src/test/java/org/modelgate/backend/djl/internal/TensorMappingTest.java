package org.modelgate.backend.djl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.modelgate.api.DataType;

/** Every Modelgate type has a DJL type and back; DJL's types Modelgate cannot carry map to nothing. */
class TensorMappingTest {
    @Test
    void everyModelgateTypeMapsToADjlTypeAndBack() {
        for (DataType type : DataType.values()) {
            ai.djl.ndarray.types.DataType djl = TensorMapping.toDjl(type);
            assertThat(TensorMapping.fromDjl(djl)).as("%s -> %s -> back", type, djl).isEqualTo(type);
            if (type.isFixedSize()) {
                assertThat(djl.getNumOfBytes()).as("element size of %s", type).isEqualTo(type.byteSize());
            }
        }
    }

    @Test
    void djlTypesModelgateDoesNotCarryMapToNothing() {
        for (ai.djl.ndarray.types.DataType djl : EnumSet.of(ai.djl.ndarray.types.DataType.UINT16,
                ai.djl.ndarray.types.DataType.UINT32, ai.djl.ndarray.types.DataType.UINT64,
                ai.djl.ndarray.types.DataType.COMPLEX64, ai.djl.ndarray.types.DataType.UNKNOWN)) {
            assertThat(TensorMapping.fromDjl(djl)).as("%s", djl).isNull();
        }
    }

    @Test
    void eachEngineSaysWhatItCarries() {
        assertThat(Engines.ONNX.carries(DataType.INT16)).isFalse();
        assertThat(Engines.ONNX.carries(DataType.BYTES)).isTrue();
        assertThat(Engines.TORCHSCRIPT.carries(DataType.BYTES)).isFalse();
        assertThat(Engines.TORCHSCRIPT.carries(DataType.BF16)).isTrue();
        assertThat(Engines.forFormat("torchscript")).isEqualTo(Engines.TORCHSCRIPT);
        assertThat(Engines.forFormat("tensorflow")).isNull();
    }
}
