package org.modelgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.security.KeyRole;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustedKey;

/** Feature: a bad package is refused with a clear reason, and nothing is left behind. */
class PackageRefusalsTest {
    @TempDir
    Path base;
    PackageFixture fixture;
    Path mgp;
    LinkedHashMap<String, byte[]> entries;

    @BeforeEach
    void givenASignedPackage() throws Exception {
        fixture = PackageFixture.create(base);
        mgp = fixture.pack();
        entries = ZipBytes.read(mgp);
    }

    @Test
    void unsigned() throws Exception {
        entries.remove("model.sig");

        thenSignatureRefused(fixture.refusal(rezip()), SignatureProblem.UNSIGNED);
    }

    @Test
    void extraFile() throws Exception {
        entries.put("notes.txt", "hello".getBytes(StandardCharsets.UTF_8));

        ModelPackageException e = fixture.refusal(rezip());

        thenSignatureRefused(e, SignatureProblem.EXTRA_FILE);
        assertThat(e.entry()).contains("notes.txt");
    }

    @Test
    void missingFile() throws Exception {
        entries.remove("labels/classes.txt");

        ModelPackageException e = fixture.refusal(rezip());

        thenSignatureRefused(e, SignatureProblem.MISSING_FILE);
        assertThat(e.entry()).contains("labels/classes.txt");
    }

    @Test
    void wrongKey() throws Exception {
        Path otherTrust = base.resolve("other-trust");
        PackageFixture.writePem(otherTrust.resolve("model-signer/other.pem"), "PUBLIC KEY",
                PackageFixture.generate().getPublic().getEncoded());

        ModelPackageException e = refusalWith(TrustStore.load(otherTrust));

        thenSignatureRefused(e, SignatureProblem.UNKNOWN_KEY);
    }

    @Test
    void anotherKeyClaimingTheSignersHint() throws Exception {
        TrustedKey impostor = new TrustedKey("acme-2026", KeyRole.MODEL_SIGNER, PackageFixture.generate().getPublic(),
                fixture.key.hint(), false);

        ModelPackageException e = refusalWith(TrustStore.of(java.util.List.of(impostor)));

        thenSignatureRefused(e, SignatureProblem.BAD_SIGNATURE);
    }

    @Test
    void revokedKey() throws Exception {
        Files.writeString(fixture.trustDir.resolve("revoked.txt"), "acme-2026\n");

        thenSignatureRefused(fixture.refusal(mgp), SignatureProblem.REVOKED_KEY);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 21, 1000, -1, -22, -60})
    void truncated(int length) throws Exception {
        byte[] whole = Files.readAllBytes(mgp);
        int cut = length >= 0 ? length : whole.length + length;
        Files.write(mgp, Arrays.copyOf(whole, cut));

        ModelPackageException e = fixture.refusal(mgp);

        assertThat(e.problem()).isEqualTo(PackageProblem.TRUNCATED);
        assertThat(e.getMessage()).contains("iris-1.0.0.mgp", "truncated");
    }

    @Test
    void truncatedInsideTheData() throws Exception {
        byte[] whole = Files.readAllBytes(mgp);
        // Keep the central directory but drop data in the middle: offsets now point at the wrong bytes.
        byte[] holed = new byte[whole.length - 5000];
        System.arraycopy(whole, 0, holed, 0, 50_000);
        System.arraycopy(whole, 55_000, holed, 50_000, whole.length - 55_000);
        Files.write(mgp, holed);

        assertThat(fixture.refusal(mgp).problem()).isIn(PackageProblem.TRUNCATED, PackageProblem.CORRUPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil.txt", "labels/../../evil.txt", "/tmp/evil.txt", "labels\\..\\..\\evil.txt",
            "C:/evil.txt", "labels//evil.txt", "./evil.txt", "labels/./evil.txt", "evil\u0000.txt", ""})
    void pathTraversal(String name) throws Exception {
        entries.put(name, "owned".getBytes(StandardCharsets.UTF_8));

        ModelPackageException e = fixture.refusal(rezip());

        assertThat(e.problem()).isEqualTo(PackageProblem.PATH_TRAVERSAL);
        assertThat(e.entry()).contains(name);
        assertThat(base.resolve("evil.txt")).doesNotExist();
        assertThat(base.resolve("staging/evil.txt")).doesNotExist();
    }

    @Test
    void duplicateName() throws Exception {
        entries.put("model.onnz", "second".getBytes(StandardCharsets.UTF_8));
        byte[] zip = ZipBytes.replaceAll(ZipBytes.zip(entries), "model.onnz", "model.onnx");

        ModelPackageException e = fixture.refusal(Files.write(mgp, zip));

        assertThat(e.problem()).isEqualTo(PackageProblem.DUPLICATE_ENTRY);
        assertThat(e.entry()).contains("model.onnx");
    }

    @Test
    void duplicateNameDifferingInCase() throws Exception {
        entries.put("Model.onnx", "second".getBytes(StandardCharsets.UTF_8));

        ModelPackageException e = fixture.refusal(rezip());

        assertThat(e.problem()).isEqualTo(PackageProblem.DUPLICATE_ENTRY);
        assertThat(e.getMessage()).contains("Model.onnx", "model.onnx");
    }

    @Test
    void aNameThatIsBothFileAndDirectory() throws Exception {
        entries.put("labels", "a file".getBytes(StandardCharsets.UTF_8));

        ModelPackageException e = fixture.refusal(rezip());

        assertThat(e.problem()).isEqualTo(PackageProblem.DIRECTORY_ENTRY);
        assertThat(e.entry()).contains("labels");
    }

    @Test
    void aDirectoryEntryHoldingData() throws Exception {
        entries.put("docs/", "hidden data".getBytes(StandardCharsets.UTF_8));

        ModelPackageException e = fixture.refusal(rezip());

        assertThat(e.problem()).isEqualTo(PackageProblem.DIRECTORY_ENTRY);
        assertThat(e.entry()).contains("docs/");
    }

    @Test
    void symlinkEntry() throws Exception {
        entries.put("link", "/etc/passwd".getBytes(StandardCharsets.UTF_8));
        byte[] zip = ZipBytes.withUnixMode(ZipBytes.zip(entries), "link", 0120777);

        ModelPackageException e = fixture.refusal(Files.write(mgp, zip));

        assertThat(e.problem()).isEqualTo(PackageProblem.SYMLINK);
        assertThat(e.entry()).contains("link");
    }

    @Test
    void aSignedFileTurnedIntoASymlink() throws Exception {
        byte[] zip = ZipBytes.withUnixMode(Files.readAllBytes(mgp), "model.onnx", 0120644);

        assertThat(fixture.refusal(Files.write(mgp, zip)).problem()).isEqualTo(PackageProblem.SYMLINK);
    }

    @Test
    void fifoEntry() throws Exception {
        byte[] zip = ZipBytes.withUnixMode(Files.readAllBytes(mgp), "labels/classes.txt", 0010644);

        assertThat(fixture.refusal(Files.write(mgp, zip)).problem()).isEqualTo(PackageProblem.SPECIAL_FILE);
    }

    @Test
    void regularUnixModesAreAccepted() throws Exception {
        byte[] zip = ZipBytes.withUnixMode(Files.readAllBytes(mgp), "model.onnx", 0100644);

        assertThat(fixture.unpack(Files.write(mgp, zip)).name()).isEqualTo("iris");
    }

    @Test
    void encryptedEntry() throws Exception {
        byte[] zip = ZipBytes.withCentralField(Files.readAllBytes(mgp), "model.onnx", 8, 2, 0x0009);

        ModelPackageException e = fixture.refusal(Files.write(mgp, zip));

        assertThat(e.problem()).isEqualTo(PackageProblem.CORRUPT);
        assertThat(e.getMessage()).contains("encrypted");
    }

    @Test
    void tooManyEntries() throws Exception {
        ModelPackageException e = fixture.refusal(mgp, new UnpackLimits(3, 1 << 30, 1L << 30, 200));

        assertThat(e.problem()).isEqualTo(PackageProblem.TOO_MANY_ENTRIES);
        assertThat(e.getMessage()).contains("4 entries", "3 allowed");
    }

    @Test
    void entryTooLarge() throws Exception {
        ModelPackageException e = fixture.refusal(mgp, new UnpackLimits(100, 100_000, 1L << 30, 200));

        assertThat(e.problem()).isEqualTo(PackageProblem.ENTRY_TOO_LARGE);
        assertThat(e.entry()).contains("model.onnx");
    }

    @Test
    void entryLargerThanItsHeaderSays() throws Exception {
        // The header claims 10 bytes: the limit is enforced on what inflates, not on the claim.
        byte[] zip = ZipBytes.withCentralField(Files.readAllBytes(mgp), "model.onnx", 24, 4, 10);

        ModelPackageException e = fixture.refusal(Files.write(mgp, zip), new UnpackLimits(100, 100_000, 1L << 30, 200));

        assertThat(e.problem()).isEqualTo(PackageProblem.ENTRY_TOO_LARGE);
    }

    @Test
    void sizeHeaderThatLiesWithinTheLimitsIsCorrupt() throws Exception {
        byte[] zip = ZipBytes.withCentralField(Files.readAllBytes(mgp), "model.onnx", 24, 4, 10);

        ModelPackageException e = fixture.refusal(Files.write(mgp, zip));

        assertThat(e.problem()).isEqualTo(PackageProblem.CORRUPT);
        assertThat(e.getMessage()).contains("model.onnx", "header says 10");
    }

    @Test
    void totalTooLarge() throws Exception {
        ModelPackageException e = fixture.refusal(mgp, UnpackLimits.DEFAULTS.withMaxTotalBytes(150_000));

        assertThat(e.problem()).isEqualTo(PackageProblem.TOTAL_TOO_LARGE);
    }

    @Test
    void zipBomb() throws Exception {
        byte[] zip = ZipBytes.bomb("model.onnx", 64L << 20, Map.of("model.json", PackageFixture.MODEL_JSON.getBytes(StandardCharsets.UTF_8)));
        assertThat(zip.length).isLessThan(200_000);

        ModelPackageException e = fixture.refusal(Files.write(mgp, zip));

        assertThat(e.problem()).isEqualTo(PackageProblem.COMPRESSION_RATIO);
        assertThat(e.entry()).contains("model.onnx");
    }

    @Test
    void zipBombWithALyingSizeHeader() throws Exception {
        byte[] zip = ZipBytes.bomb("model.onnx", 64L << 20, Map.of("model.json", PackageFixture.MODEL_JSON.getBytes(StandardCharsets.UTF_8)));
        zip = ZipBytes.withCentralField(zip, "model.onnx", 24, 4, 1000);

        assertThat(fixture.refusal(Files.write(mgp, zip)).problem()).isEqualTo(PackageProblem.COMPRESSION_RATIO);
    }

    @Test
    void zipBombSpreadOverManySmallEntries() throws Exception {
        Map<String, byte[]> many = new LinkedHashMap<>();
        many.put("model.json", PackageFixture.MODEL_JSON.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 40; i++) {
            many.put("part" + i + ".bin", new byte[1 << 20]);
        }

        ModelPackageException e = fixture.refusal(ZipBytes.write(base.resolve("bomb"), "iris-1.0.0.mgp", many));

        assertThat(e.problem()).isEqualTo(PackageProblem.COMPRESSION_RATIO);
    }

    @Test
    void missingModelJson() throws Exception {
        entries.remove("model.json");

        ModelPackageException e = fixture.refusal(rezip());

        assertThat(e.problem()).isEqualTo(PackageProblem.MISSING_MODEL_JSON);
        assertThat(e.entry()).contains("model.json");
    }

    @Test
    void modelJsonOnlyInASubfolder() throws Exception {
        entries.put("sub/model.json", entries.remove("model.json"));

        assertThat(fixture.refusal(rezip()).problem()).isEqualTo(PackageProblem.MISSING_MODEL_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"name\":\"iris\"}", "{\"name\":\"iris\",\"version\":\"1.0\"}", "{\"name\":\"../x\",\"version\":\"1.0.0\"}",
            "{\"name\":\"iris\",\"name\":\"iris\",\"version\":\"1.0.0\"}", "{\"name\":7,\"version\":\"1.0.0\"}", "{\"name\":\"iris\",\"version\":\"1.0.0\"} {}",
            "not json"})
    void invalidModelJson(String json) throws Exception {
        entries.put("model.json", json.getBytes(StandardCharsets.UTF_8));

        ModelPackageException e = fixture.refusal(rezip());

        assertThat(e.problem()).isEqualTo(PackageProblem.INVALID_MODEL_JSON);
        assertThat(e.entry()).contains("model.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris-1.0.1.mgp", "setosa-1.0.0.mgp", "iris-1.0.0-rc1.mgp", "IRIS-1.0.0.mgp"})
    void renamedPackage(String fileName) throws Exception {
        Path renamed = Files.move(mgp, mgp.resolveSibling(fileName));

        ModelPackageException e = fixture.refusal(renamed);

        assertThat(e.problem()).isEqualTo(PackageProblem.NAME_MISMATCH);
        assertThat(e.getMessage()).contains(fileName, "iris-1.0.0.mgp");
    }

    @Test
    void notAnMgpFile() throws Exception {
        Path zip = Files.move(mgp, mgp.resolveSibling("iris-1.0.0.zip"));

        assertThat(fixture.refusal(zip).problem()).isEqualTo(PackageProblem.NOT_A_PACKAGE);
    }

    @Test
    void anExistingStagingFolderIsLeftAsItWas() throws Exception {
        Path staging = Files.createDirectories(fixture.stagingParent.resolve("taken"));
        Files.writeString(staging.resolve("keep.txt"), "mine");

        try {
            ModelPackages.unpack(mgp, staging, fixture.trust());
            throw new AssertionError("unpacked into an existing folder");
        } catch (ModelPackageException e) {
            assertThat(e.problem()).isEqualTo(PackageProblem.STAGING_EXISTS);
        }
        assertThat(staging.resolve("keep.txt")).hasContent("mine");
    }

    private ModelPackageException refusalWith(TrustStore trust) throws Exception {
        Path staging = fixture.nextStaging();
        try {
            ModelPackages.unpack(mgp, staging, trust);
            throw new AssertionError("expected a refusal");
        } catch (ModelPackageException e) {
            fixture.thenNothingIsLeftBehind();
            return e;
        }
    }

    private Path rezip() throws Exception {
        return Files.write(mgp, ZipBytes.zip(entries));
    }

    private static void thenSignatureRefused(ModelPackageException e, SignatureProblem expected) {
        assertThat(e.problem()).isEqualTo(PackageProblem.SIGNATURE);
        assertThat(e.signatureProblem()).contains(expected);
        assertThat(e.getMessage()).contains("iris-1.0.0.mgp", expected.code());
    }
}
