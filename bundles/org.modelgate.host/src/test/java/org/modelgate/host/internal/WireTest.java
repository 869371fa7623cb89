package org.modelgate.host.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Feature: what the gateway and its model host write for a run, the other side reads back the same. */
class WireTest {
    private final Wire out = new Wire(16);

    @Test
    void theOutputNamesOfARunArriveAsWritten() {
        out.putNames(List.of("probabilities", "label"));
        assertEquals(Set.of("probabilities", "label"), received().getNames());
    }

    @Test
    void theElementsOfABytesTensorArriveInOrder() {
        out.putTexts(new String[] {"a cat", "", "ünïcode"}).putInt(7);
        Wire in = received();
        assertArrayEquals(new String[] {"a cat", "", "ünïcode"}, in.getTexts());
        assertEquals(7, in.getInt(), "what follows the elements is read from where they end");
    }

    @Test
    void aTensorPlacedOutsideTheSharedMemoryIsRefusedWithWhereItSaidItWas() {
        ByteBuffer memory = ByteBuffer.allocate(SharedMemory.DATA + 64);
        assertDoesNotThrow(() -> SharedMemory.checkPlaced(memory, "input", "pixels", SharedMemory.DATA + 32, 32));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SharedMemory.checkPlaced(memory, "output", "scores", SharedMemory.DATA + 40, 32));
        assertEquals("output 'scores' at 296+32 lies outside the shared memory of 320 bytes", e.getMessage());
        assertThrows(IllegalStateException.class, () -> SharedMemory.checkPlaced(memory, "input", "x", -1, 8));
        assertThrows(IllegalStateException.class, () -> SharedMemory.checkPlaced(memory, "input", "x", 8, 8),
                "the lane's control block is no place for a tensor");
    }

    private Wire received() {
        return Wire.reading(out.buffer().flip());
    }
}
