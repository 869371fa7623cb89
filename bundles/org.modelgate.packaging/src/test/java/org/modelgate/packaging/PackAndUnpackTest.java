package org.modelgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.security.ModelSignatures;

/** Feature: a signed model folder packs into NAME-VERSION.mgp and unpacks, verified, into a staging folder. */
class PackAndUnpackTest {
    @TempDir
    Path base;
    PackageFixture fixture;
    Path mgp;
    final List<long[]> progress = new ArrayList<>();

    @BeforeEach
    void givenAModelFolderAndAKey() throws Exception {
        fixture = PackageFixture.create(base);
    }

    @Test
    void packThenUnpackGivesTheSameFilesVerified() throws Exception {
        whenPacked();
        UnpackedModel model = fixture.unpack(mgp);

        assertThat(mgp.getFileName()).hasToString("iris-1.0.0.mgp");
        assertThat(model.name()).isEqualTo("iris");
        assertThat(model.version()).isEqualTo("1.0.0");
        assertThat(model.signer().id()).isEqualTo("acme-2026");
        assertThat(model.digest()).matches("[0-9a-f]{64}");
        assertThat(model.folder()).isEqualTo(fixture.stagingParent.resolve("s1").toAbsolutePath());
        assertThat(PackageFixture.contents(model.folder())).isEqualTo(PackageFixture.contents(fixture.folder))
                .containsKeys("model.json", "model.onnx", "labels/classes.txt", ModelSignatures.SIGNATURE_FILE);
    }

    @Test
    void thePackageHoldsSortedFilesOnlyWithFixedTimes() throws Exception {
        whenPacked();

        try (ZipFile zip = new ZipFile(mgp.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName());
                assertThat(e.getTimeLocal()).isEqualTo("2000-01-01T00:00");
                assertThat(e.getExtra()).isNull();
            }
            assertThat(names).containsExactly("labels/classes.txt", "model.json", "model.onnx", "model.sig");
        }
    }

    @Test
    void packingTwiceGivesIdenticalBytes() throws Exception {
        whenPacked();
        byte[] first = Files.readAllBytes(mgp);
        Files.setLastModifiedTime(fixture.folder.resolve("model.onnx"), FileTime.from(Instant.parse("2031-05-05T10:00:00Z")));
        whenPacked();

        assertThat(Files.readAllBytes(mgp)).isEqualTo(first);
    }

    @Test
    void aCopyMadeInAnotherOrderPacksToIdenticalBytes() throws Exception {
        whenPacked();
        byte[] first = Files.readAllBytes(mgp);
        Path copy = Files.createDirectories(base.resolve("elsewhere/iris"));
        List<Path> sources;
        try (var walk = Files.walk(fixture.folder)) {
            sources = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        Collections.reverse(sources);
        for (Path source : sources) {
            Path target = copy.resolve(fixture.folder.relativize(source).toString());
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
        }

        Path second = ModelPackages.pack(copy, fixture.key, base.resolve("dist2"), ProgressListener.NONE);

        assertThat(Files.readAllBytes(second)).isEqualTo(first);
    }

    @Test
    void changingAFileReSignsIt() throws Exception {
        whenPacked();
        String signature = Files.readString(fixture.folder.resolve("model.sig"));
        Files.writeString(fixture.folder.resolve("labels/classes.txt"), "a\nb\nc\n");
        whenPacked();

        assertThat(Files.readString(fixture.folder.resolve("model.sig"))).isNotEqualTo(signature);
        assertThat(fixture.unpack(mgp).name()).isEqualTo("iris");
    }

    @Test
    void progressCountsEveryByteUpToTheTotal() throws Exception {
        whenPacked();
        long total = 0;
        for (String name : List.of("model.json", "model.onnx", "labels/classes.txt", "model.sig")) {
            total += Files.size(fixture.folder.resolve(name));
        }

        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(total, total);
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i)[0]).isGreaterThanOrEqualTo(progress.get(i - 1)[0]);
            assertThat(progress.get(i)[1]).isEqualTo(total);
        }
    }

    @Test
    void anEmptyDirectoryEntryAsZipToolsWriteItIsAccepted() throws Exception {
        whenPacked();
        var entries = new java.util.LinkedHashMap<String, byte[]>();
        entries.put("labels/", new byte[0]);
        entries.putAll(ZipBytes.read(mgp));
        Path rezipped = ZipBytes.write(base.resolve("rezipped"), "iris-1.0.0.mgp", entries);

        assertThat(fixture.unpack(rezipped).name()).isEqualTo("iris");
    }

    private void whenPacked() throws ModelPackageException {
        mgp = ModelPackages.pack(fixture.folder, fixture.key, base.resolve("dist"), (done, total) -> progress.add(new long[] {done, total}));
    }
}
