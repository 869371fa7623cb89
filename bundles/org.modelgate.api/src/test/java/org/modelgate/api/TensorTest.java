package org.modelgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void scalarsHaveOneElementAndZeroSizeTensorsNone() {
        Tensor scalar = Tensor.ofDoubles("s", new long[0], 2.5);
        assertThat(scalar.elementCount()).isEqualTo(1);
        assertThat(scalar.getDouble(0)).isEqualTo(2.5);

        Tensor empty = Tensor.ofFloats("e", new long[] { 3, 0 });
        assertThat(empty.elementCount()).isZero();
        assertThat(empty.buffer().remaining()).isZero();
    }

    @Test
    void elementCountMustMatchTheShape() {
        assertThatThrownBy(() -> Tensor.ofFloats("features", new long[] { 1, 4 }, 1, 2, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tensor 'features' of shape [1, 4] needs 4 FP32 elements (16 bytes), got 12 bytes");
        assertThatThrownBy(() -> Tensor.ofStrings("t", new long[] { 2 }, "a"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs 2 elements, got 1");
        assertThatThrownBy(() -> Tensor.ofFloats("n", new long[] { -1 }))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("negative dimension");
    }

    @Test
    void everyNumericTypeReadsBackAsWritten() {
        assertThat(Tensor.ofBooleans("b", new long[] { 2 }, true, false).toLongArray()).containsExactly(1, 0);
        assertThat(Tensor.ofBytes("u", DataType.UINT8, new long[] { 2 }, (byte) 255, (byte) 1).toLongArray()).containsExactly(255, 1);
        assertThat(Tensor.ofBytes("i", DataType.INT8, new long[] { 2 }, (byte) -1, (byte) 1).toLongArray()).containsExactly(-1, 1);
        assertThat(Tensor.ofShorts("s", new long[] { 2 }, (short) -300, (short) 7).toLongArray()).containsExactly(-300, 7);
        assertThat(Tensor.ofInts("i", new long[] { 1 }, Integer.MIN_VALUE).toLongArray()).containsExactly(Integer.MIN_VALUE);
        assertThat(Tensor.ofLongs("l", new long[] { 1 }, Long.MAX_VALUE).getLong(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(Tensor.ofHalfFloats("h", DataType.FP16, new long[] { 3 }, 1.5f, -2f, 65504f).toFloatArray())
                .containsExactly(1.5f, -2f, 65504f);
        assertThat(Tensor.ofHalfFloats("h", DataType.BF16, new long[] { 2 }, 1.5f, -3f).toFloatArray()).containsExactly(1.5f, -3f);
        assertThat(Tensor.ofStrings("t", new long[] { 1, 2 }, "héllo", "").strings()).containsExactly("héllo", "");
    }

    @Test
    void buffersAreLittleEndianAndReadOnly() {
        Tensor t = Tensor.ofInts("i", new long[] { 1 }, 0x01020304);
        ByteBuffer buffer = t.buffer();
        assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(buffer.get(0)).isEqualTo((byte) 4);
        assertThat(buffer.isReadOnly()).isTrue();
    }

    @Test
    void directBuffersStayDirect() {
        ByteBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(2f).flip();
        Tensor t = Tensor.of("d", DataType.FP32, new long[] { 2 }, direct);
        assertThat(t.buffer().isDirect()).isTrue();
        assertThat(t.toFloatArray()).containsExactly(1f, 2f);
    }

    @Test
    void halfFloatsRoundToNearestEven() {
        assertThat(HalfFloats.fp16ToFloat(HalfFloats.floatToFp16(1f + 0x1p-11f))).isEqualTo(1f);
        assertThat(HalfFloats.fp16ToFloat(HalfFloats.floatToFp16(1f + 0x1p-10f + 0x1p-11f))).isEqualTo(1f + 0x1p-9f);
        assertThat(HalfFloats.fp16ToFloat(HalfFloats.floatToFp16(1e6f))).isInfinite();
        assertThat(HalfFloats.fp16ToFloat(HalfFloats.floatToFp16(0x1p-24f))).isEqualTo(0x1p-24f);
        assertThat(HalfFloats.fp16ToFloat(HalfFloats.floatToFp16(Float.NaN))).isNaN();
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(Float.NaN))).isNaN();
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(1f + 0x1p-8f))).isEqualTo(1f);
    }

    @Test
    void dataTypeNamesAreParsedWithAClearError() {
        assertThat(DataType.fromName("fp32")).isEqualTo(DataType.FP32);
        assertThatThrownBy(() -> DataType.fromName("UINT64")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("datatype 'UINT64' is not supported; expected one of BOOL, UINT8");
    }
}
