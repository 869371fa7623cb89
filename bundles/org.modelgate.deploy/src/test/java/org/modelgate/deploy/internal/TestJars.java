package org.modelgate.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import jdk.security.jarsigner.JarSigner;

/** Real bundle jars for tests: written, signed with the JDK's JarSigner (what jarsigner runs), and tampered with. */
final class TestJars {
    private TestJars() {
    }

    /** A bundle jar with the given headers and two entries (a "class" and a resource); a null name leaves it out. */
    static byte[] bundle(String symbolicName, String version, String... extraHeaders) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        main.putValue("Bundle-Version", version);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            main.putValue(extraHeaders[i], extraHeaders[i + 1]);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("org/example/vendor/Camera.class", ("not really a class of " + symbolicName).getBytes(StandardCharsets.UTF_8));
        entries.put("org/example/vendor/labels.txt", ("cat\ndog\n" + version).getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes an unsigned jar. */
    static Path write(Path file, byte[] jar) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, jar);
    }

    /** Signs a jar as {@code jarsigner} would (SHA-256 digests), writing it to {@code out}. */
    static Path sign(byte[] jar, TestSigner signer, Path out) throws IOException {
        Path unsigned = Files.createTempFile(out.toAbsolutePath().getParent(), "unsigned", ".jar");
        Files.write(unsigned, jar);
        try (ZipFile zip = new ZipFile(unsigned.toFile()); OutputStream target = Files.newOutputStream(out)) {
            new JarSigner.Builder(signer.privateKey(), signer.certificates()).signerName(signerName(signer))
                    .build().sign(zip, target);
        } finally {
            Files.delete(unsigned);
        }
        return out;
    }

    /** jarsigner's default: the alias, at most 8 letters, digits, '-' or '_', upper case. */
    private static String signerName(TestSigner signer) {
        String name = signer.name().replaceAll("[^A-Za-z0-9_-]", "").toUpperCase(java.util.Locale.ROOT);
        return name.substring(0, Math.min(8, name.length()));
    }

    /**
     * Copies a jar entry by entry, letting {@code change} replace an entry's bytes (or drop it with null),
     * then appends {@code added}: what someone editing a signed jar with a zip tool does.
     */
    static Path rewrite(Path jar, Path out, BiFunction<String, byte[], byte[]> change, Map<String, byte[]> added)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(jar)));
                ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = change.apply(entry.getName(), in.readAllBytes());
                if (content != null) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    zip.write(content);
                    zip.closeEntry();
                }
            }
            for (Map.Entry<String, byte[]> extra : added.entrySet()) {
                zip.putNextEntry(new ZipEntry(extra.getKey()));
                zip.write(extra.getValue());
                zip.closeEntry();
            }
        }
        return Files.write(out, bytes.toByteArray());
    }

    /** Replaces one entry's bytes. */
    static Path replaceEntry(Path jar, Path out, String name, byte[] content) throws IOException {
        return rewrite(jar, out, (n, bytes) -> n.equals(name) ? content : bytes, Map.of());
    }
}
