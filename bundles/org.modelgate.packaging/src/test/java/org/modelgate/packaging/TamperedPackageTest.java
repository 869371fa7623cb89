package org.modelgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.security.SignatureProblem;

/** Feature: a flipped byte in any file of a package, or anywhere in its bytes, never installs a changed model. */
class TamperedPackageTest {
    @TempDir
    Path base;

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "model.onnx", "labels/classes.txt", "model.sig"})
    void aFlippedByteInAFileIsRefused(String file) throws Exception {
        PackageFixture fixture = PackageFixture.create(base);
        Path mgp = fixture.pack();
        LinkedHashMap<String, byte[]> entries = ZipBytes.read(mgp);
        byte[] content = entries.get(file);
        // In model.json flip a byte of the description, so the JSON stays valid and names the same model.
        int at = file.equals("model.json") ? new String(content, StandardCharsets.UTF_8).indexOf("Logistic") : content.length / 2;
        content[at] ^= 0x01;

        ModelPackageException e = fixture.refusal(Files.write(mgp, ZipBytes.zip(entries)));

        assertThat(e.problem()).isEqualTo(PackageProblem.SIGNATURE);
        if (file.equals("model.sig")) {
            assertThat(e.signatureProblem()).isPresent().get().isNotEqualTo(SignatureProblem.IO_ERROR);
        } else {
            assertThat(e.signatureProblem()).contains(SignatureProblem.TAMPERED_FILE);
            assertThat(e.entry()).contains(file);
        }
    }

    @Test
    void aFlippedByteAnywhereInTheFileIsRefusedOrChangesNothing() throws Exception {
        PackageFixture fixture = PackageFixture.create(base, 64);
        Path mgp = fixture.pack();
        byte[] original = Files.readAllBytes(mgp);
        TreeMap<String, String> expected = PackageFixture.contents(fixture.folder);
        int refused = 0;
        int tried = 0;
        // Every 5th byte (each unpack flushes its files to disk; all bytes took 25 s), offsets 0..4 rotate by run.
        for (int i = (int) (System.nanoTime() % 5); i < original.length; i += 5) {
            tried++;
            byte[] flipped = original.clone();
            flipped[i] ^= 0x10;
            Files.write(mgp, flipped);
            try {
                UnpackedModel model = fixture.unpack(mgp);
                // Bytes no reader looks at (times, "version made by", ...) may change; the files may not.
                assertThat(PackageFixture.contents(model.folder())).as("flip at %d", i).isEqualTo(expected);
                deleteTree(model.folder());
            } catch (ModelPackageException e) {
                refused++;
                fixture.thenNothingIsLeftBehind();
            }
        }
        assertThat(refused).as("refusals out of %d flips", tried).isGreaterThan(tried / 2);
    }

    private static void deleteTree(Path folder) throws Exception {
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
