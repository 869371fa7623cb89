package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature: a folder that differs from what was signed is refused, naming the files. */
class FolderRefusalsTest {
    @TempDir
    Path base;

    private SignedModelFixture model;
    private ModelSignatureException refusal;

    @BeforeEach
    void givenASignedModelFolder() throws Exception {
        model = SignedModelFixture.create(base).signed();
    }

    @Test
    void aFolderWithoutModelSigIsUnsigned() throws Exception {
        Files.delete(model.folder.resolve("model.sig"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.UNSIGNED);
        assertThat(refusal.getMessage()).contains("has no model.sig");
    }

    @Test
    void aChangedFileIsTamperedAndNamed() throws Exception {
        byte[] bytes = Files.readAllBytes(model.folder.resolve("model.onnx"));
        bytes[1000] ^= 1;
        Files.write(model.folder.resolve("model.onnx"), bytes);
        whenVerifying();
        thenRefusedAs(SignatureProblem.TAMPERED_FILE, "model.onnx");
    }

    @Test
    void aFileGrowingFromEmptyIsTampered() throws Exception {
        model.write("assets/deep/empty.bin", "x");
        whenVerifying();
        thenRefusedAs(SignatureProblem.TAMPERED_FILE, "assets/deep/empty.bin");
    }

    @Test
    void aDeletedFileIsMissing() throws Exception {
        Files.delete(model.folder.resolve("assets/labels.txt"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MISSING_FILE, "assets/labels.txt");
    }

    @Test
    void anAddedFileIsExtraEvenInASubFolder() throws Exception {
        model.write("assets/deep/backdoor.py", "import os");
        whenVerifying();
        thenRefusedAs(SignatureProblem.EXTRA_FILE, "assets/deep/backdoor.py");
    }

    @Test
    void aRenamedFileIsMissingFirst() throws Exception {
        Files.move(model.folder.resolve("model.json"), model.folder.resolve("Model.json"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.MISSING_FILE, "model.json");
    }

    @Test
    void aFileReplacedByASymlinkIsRefusedEvenWithTheSameContent() throws Exception {
        Path outside = base.resolve("labels-copy.txt");
        Files.copy(model.folder.resolve("assets/labels.txt"), outside);
        Files.delete(model.folder.resolve("assets/labels.txt"));
        Files.createSymbolicLink(model.folder.resolve("assets/labels.txt"), outside);
        whenVerifying();
        thenRefusedAs(SignatureProblem.SYMLINK, "assets/labels.txt");
    }

    @Test
    void aSymlinkedFolderIsRefused() throws Exception {
        Files.createSymbolicLink(model.folder.resolve("etc"), Path.of("/etc"));
        whenVerifying();
        thenRefusedAs(SignatureProblem.SYMLINK, "etc");
    }

    @Test
    void aSymlinkedSignatureIsRefused() throws Exception {
        Path elsewhere = base.resolve("model.sig");
        Files.move(model.folder.resolve("model.sig"), elsewhere);
        Files.createSymbolicLink(model.folder.resolve("model.sig"), elsewhere);
        whenVerifying();
        thenRefusedAs(SignatureProblem.SYMLINK, "model.sig");
    }

    @Test
    void signingAFolderWithASymlinkIsRefused() throws Exception {
        Files.createSymbolicLink(model.folder.resolve("link"), model.folder.resolve("model.json"));
        try {
            ModelSignatures.signer(model.signingKey).sign(model.folder);
            throw new AssertionError("signed a folder holding a link");
        } catch (ModelSignatureException e) {
            refusal = e;
        }
        thenRefusedAs(SignatureProblem.SYMLINK, "link");
    }

    private void whenVerifying() throws Exception {
        refusal = model.refusal();
    }

    private void thenRefusedAs(SignatureProblem problem, String... files) {
        assertThat(refusal.problem()).as(refusal.getMessage()).isEqualTo(problem);
        if (files.length > 0) {
            assertThat(refusal.files()).containsExactly(files);
            assertThat(refusal.getMessage()).contains(files[0]);
        }
        assertThat(refusal.getMessage()).startsWith(problem.code() + ": ");
    }
}
