package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.CommandException;

/** Chunked transfers: in order, resumed after a restart, repeated, out of order, damaged, too big, too many, stale. */
class TransferFolderTest {
    @TempDir
    Path dir;

    private Path folder;
    private TransferFolder transfers;
    private byte[] file;
    private String sha256;
    private TransferProgress last;

    @BeforeEach
    void givenAFolderAndAFile() {
        folder = dir.resolve("data/remote/transfers");
        transfers = new TransferFolder(folder, 1 << 20, 2, Duration.ofMinutes(60), Clock.systemUTC());
        file = new byte[10_000];
        new Random(42).nextBytes(file);
        sha256 = sha256(file);
    }

    @Test
    void chunksInOrderArriveAsTheWholeFileWithItsHashChecked() throws IOException {
        whenSending("t1", 0, 4000);
        thenReceived(4000);
        assertThat(last.arrived()).isNull();
        whenSending("t1", 4000, 4000);
        whenSending("t1", 8000, 2000);
        thenReceived(10_000);
        assertThat(last.arrived()).hasFileName("iris-1.1.0.mgp");
        assertThat(Files.readAllBytes(last.arrived())).isEqualTo(file);
        assertThat(folder.resolve("t1.part")).doesNotExist();
        assertThat(folder.resolve("t1.state")).doesNotExist();
        assertThat(last.toJson()).containsEntry("complete", true).containsEntry("received", 10_000L);
    }

    @Test
    void aTransferResumesAfterTheGatewayRestartsFromWhatItsStateSays() {
        whenSending("t1", 0, 3000);
        whenSending("t1", 3000, 3000);
        givenTheGatewayRestarted();
        assertThat(transfers.status("t1")).hasValueSatisfying(s -> assertThat(s.received()).isEqualTo(6000));
        whenSending("t1", 6000, 4000);
        thenReceived(10_000);
        assertThat(last.arrived()).isNotNull();
    }

    @Test
    void bytesWrittenPastTheStateByACrashAreOverwrittenByTheResentChunk() throws IOException {
        whenSending("t1", 0, 3000);
        Files.write(folder.resolve("t1.part"), new byte[500], java.nio.file.StandardOpenOption.APPEND);
        givenTheGatewayRestarted();
        whenSending("t1", 3000, 7000);
        assertThat(Files.readAllBytes(last.arrived())).isEqualTo(file);
    }

    @Test
    void aRepeatedChunkWithTheSameBytesIsHarmless() {
        whenSending("t1", 0, 3000);
        whenSending("t1", 3000, 3000);
        whenSending("t1", 0, 3000);
        thenReceived(6000);
        whenSending("t1", 3000, 3000);
        thenReceived(6000);
        whenSending("t1", 6000, 4000);
        assertThat(last.arrived()).isNotNull();
    }

    @Test
    void aChunkOverlappingTheEndWithTheSameBytesAddsOnlyTheNewBytes() throws IOException {
        whenSending("t1", 0, 3000);
        whenSending("t1", 2000, 8000);
        assertThat(Files.readAllBytes(last.arrived())).isEqualTo(file);
    }

    @Test
    void aRepeatedChunkWithOtherBytesIsRefusedNamingTheOffsetToSend() {
        whenSending("t1", 0, 3000);
        byte[] other = Arrays.copyOf(file, 3000);
        other[17] ^= 1;
        assertThatThrownBy(() -> transfers.receive(new Chunk("t1", "iris-1.1.0.mgp", file.length, sha256, 0, other)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("differs from the bytes received there before")
                .hasMessageContaining("send the chunk at offset 3000");
        assertThat(transfers.status("t1")).hasValueSatisfying(s -> assertThat(s.received()).isEqualTo(3000));
    }

    @Test
    void anOutOfOrderChunkIsRefusedNamingTheExpectedOffset() {
        whenSending("t1", 0, 3000);
        assertThatThrownBy(() -> whenSending("t1", 6000, 3000))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("out of order")
                .hasMessageContaining("send the chunk at offset 3000");
        thenStatusSays("t1", 3000);
    }

    @Test
    void aFirstChunkNotAtOffsetZeroSaysNoTransferIsOpen() {
        assertThatThrownBy(() -> whenSending("t9", 3000, 3000)).isInstanceOf(CommandException.class)
                .hasMessageContaining("no transfer t9 is open").hasMessageContaining("offset 0");
    }

    @Test
    void aWholeFileOfAnotherHashIsDiscardedAndNothingArrives() {
        sha256 = sha256(new byte[] {1, 2, 3});
        whenSending("t1", 0, 5000);
        assertThatThrownBy(() -> whenSending("t1", 5000, 5000)).isInstanceOf(CommandException.class)
                .hasMessageContaining("sha256 is " + sha256(file))
                .hasMessageContaining("not the " + sha256 + " announced")
                .hasMessageContaining("nothing was installed");
        assertThat(transfers.status("t1")).isEmpty();
        assertThat(folder.resolve("t1.part")).doesNotExist();
        assertThat(folder.resolve("t1.arrived")).doesNotExist();
    }

    @Test
    void aChunkDescribingAnotherFileIsRefused() {
        whenSending("t1", 0, 3000);
        assertThatThrownBy(() -> transfers.receive(new Chunk("t1", "other-1.0.0.mgp", file.length, sha256, 3000,
                Arrays.copyOfRange(file, 3000, 6000)))).isInstanceOf(CommandException.class)
                .hasMessageContaining("use a new transfer id");
    }

    @Test
    void aChunkPastTheAnnouncedSizeIsRefused() {
        assertThatThrownBy(() -> transfers.receive(new Chunk("t1", "iris-1.1.0.mgp", 100, sha256, 0,
                Arrays.copyOf(file, 200)))).isInstanceOf(CommandException.class)
                .hasMessageContaining("past the file's size 100");
    }

    @Test
    void aFileBiggerThanTheLimitIsRefusedBeforeAnyByteIsWritten() {
        assertThatThrownBy(() -> transfers.receive(new Chunk("t1", "big-1.0.0.mgp", 2 << 20, sha256, 0, new byte[10])))
                .isInstanceOf(CommandException.class).hasMessageContaining("maxPackageMiB");
        assertThat(folder.resolve("t1.part")).doesNotExist();
    }

    @Test
    void openTransfersAreBoundedAndAnIdleOneExpires() {
        whenSending("t1", 0, 1000);
        whenSending("t2", 0, 1000);
        assertThatThrownBy(() -> whenSending("t3", 0, 1000)).isInstanceOf(CommandException.class)
                .hasMessageContaining("2 transfers are open already");
        givenTheGatewayRestartedHoursLater();
        whenSending("t3", 0, 1000);
        thenReceived(1000);
        assertThat(transfers.status("t1")).isEmpty();
        assertThat(folder.resolve("t1.part")).doesNotExist();
    }

    @Test
    void leftoversOfACrashExpireToo() throws IOException {
        whenSending("t1", 0, 1000);
        Path orphanPart = Files.write(folder.resolve("gone.part"), new byte[10]);
        Path orphanState = Files.write(folder.resolve("t1.state.tmp"), new byte[10]);
        Path arrived = Files.createDirectories(folder.resolve("t0.arrived"));
        Files.write(arrived.resolve("iris-1.0.0.mgp"), new byte[10]);
        givenTheGatewayRestartedHoursLater();
        assertThat(transfers.status("t1")).isEmpty();
        assertThat(orphanPart).doesNotExist();
        assertThat(orphanState).doesNotExist();
        assertThat(arrived).doesNotExist();
        assertThat(folder).isEmptyDirectory();
    }

    private void whenSending(String transfer, int offset, int length) {
        last = transfers.receive(new Chunk(transfer, "iris-1.1.0.mgp", file.length, sha256, offset,
                Arrays.copyOfRange(file, offset, offset + length)));
    }

    private void thenReceived(long bytes) {
        assertThat(last.state().received()).isEqualTo(bytes);
    }

    private void thenStatusSays(String transfer, long bytes) {
        assertThat(transfers.status(transfer)).hasValueSatisfying(s -> assertThat(s.received()).isEqualTo(bytes));
    }

    private void givenTheGatewayRestarted() {
        transfers = new TransferFolder(folder, 1 << 20, 2, Duration.ofMinutes(60), Clock.systemUTC());
    }

    private void givenTheGatewayRestartedHoursLater() {
        transfers = new TransferFolder(folder, 1 << 20, 2, Duration.ofMinutes(60),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(3)));
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(TransferFolder.newDigest().digest(bytes));
    }
}
