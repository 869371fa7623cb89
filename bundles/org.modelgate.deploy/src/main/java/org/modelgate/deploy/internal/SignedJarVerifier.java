package org.modelgate.deploy.internal;

import static org.modelgate.deploy.internal.SignatureFailure.refused;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustedKey;

/**
 * Verifies a jarsigner-signed jar against the trust store: the JDK's jar verifier checks the signature
 * block, the signature file and every entry's digest while each entry is read in full; this class adds
 * what the JDK leaves to its callers: every entry must be signed, nothing signed may be missing, one
 * signer only, and that signer's key must be a valid bundle-signer key of the trust store.
 *
 * <p>Verify a copy only the gateway can write and install that same copy: the checks hold for the bytes
 * read here, not for a file someone can still change.
 */
final class SignedJarVerifier {
    /** Bytes read (uncompressed) before giving up on a jar: no bundle is this big, a zip bomb is. */
    static final long MAX_UNCOMPRESSED_BYTES = 1L << 30;
    private static final int MAX_NAMED = 5;

    private final TrustStore trust;

    SignedJarVerifier(TrustStore trust) {
        this.trust = trust;
    }

    /**
     * Verifies the jar.
     *
     * @param file the jar to read
     * @param jarName how messages name it (the file the operator gave, not the copy)
     * @return the verified bundle
     * @throws BundleRefusedException naming the first problem found
     */
    VerifiedJar verify(Path file, String jarName) {
        JarFile jar;
        try {
            jar = new JarFile(file.toFile(), true);
        } catch (ZipException e) {
            throw refused(jarName, Reason.NOT_A_JAR, "not a jar (zip) file: " + e.getMessage()
                    + " (a truncated download or another kind of file)", e);
        } catch (IOException e) {
            throw refused(jarName, Reason.UNREADABLE, "cannot be read: " + e, e);
        }
        try (jar) {
            List<JarEntry> entries = Collections.list(jar.entries());
            checkNoDuplicates(jarName, entries);
            String signatureFile = oneSignature(jarName, SignatureFiles.of(entries));
            readEverything(jarName, jar, entries);
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw refused(jarName, Reason.NOT_SIGNED, "not signed: it has no " + SignatureFiles.MANIFEST, null);
            }
            CodeSigner signer = oneSignerOfEveryEntry(jarName, entries);
            checkNothingMissing(jarName, jar, signatureFile, manifest);
            X509Certificate certificate = certificate(jarName, signer);
            TrustedKey key = new SignerTrust(trust).check(jarName, certificate);
            return bundle(jarName, manifest, certificate, key, entries);
        } catch (IOException e) {
            throw refused(jarName, Reason.NOT_A_JAR, "cannot be read as a jar: " + e.getMessage(), e);
        }
    }

    private static void checkNoDuplicates(String jarName, List<JarEntry> entries) {
        // The JDK and the framework may pick different copies of a duplicated name: refuse the ambiguity.
        Set<String> names = new HashSet<>();
        for (JarEntry entry : entries) {
            if (!names.add(entry.getName())) {
                throw refused(jarName, Reason.NOT_A_JAR, "entry " + entry.getName() + " appears twice", null);
            }
        }
    }

    private static String oneSignature(String jarName, SignatureFiles files) {
        if (files.signatureFiles().isEmpty()) {
            throw refused(jarName, Reason.NOT_SIGNED, "not signed: it has no META-INF/*.SF signature file; vendors sign"
                    + " bundles with jarsigner (see docs/signed-bundles.md)", null);
        }
        if (files.signatureFiles().size() > 1 || files.blocks().size() > 1) {
            throw refused(jarName, Reason.SEVERAL_SIGNERS, "signed by more than one signer (" + String.join(", ",
                    concat(files.signatureFiles(), files.blocks())) + "); a bundle carries exactly one signature", null);
        }
        String signatureFile = files.signatureFiles().get(0);
        if (files.blockOf(signatureFile) == null) {
            throw refused(jarName, Reason.BAD_SIGNATURE, signatureFile + " has no signature block (.RSA, .EC or .DSA"
                    + " of the same name)", null);
        }
        return signatureFile;
    }

    /** Reading each entry to its end is what makes the JDK check its digest (and, first, the signature). */
    private static void readEverything(String jarName, JarFile jar, List<JarEntry> entries) {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        for (JarEntry entry : entries) {
            try (InputStream in = jar.getInputStream(entry)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n;
                    if (total > MAX_UNCOMPRESSED_BYTES) {
                        throw refused(jarName, Reason.UNREADABLE, "expands to more than " + (MAX_UNCOMPRESSED_BYTES >> 20)
                                + " MiB; no bundle is that big", null);
                    }
                }
            } catch (SecurityException e) {
                throw SignatureFailure.refusal(jarName, e);
            } catch (IOException e) {
                throw refused(jarName, Reason.NOT_A_JAR, "entry " + entry.getName() + " cannot be read: " + e.getMessage()
                        + " (a corrupt or truncated file)", e);
            }
        }
    }

    private static CodeSigner oneSignerOfEveryEntry(String jarName, List<JarEntry> entries) {
        Set<CodeSigner> signers = new LinkedHashSet<>();
        List<String> unsigned = new ArrayList<>();
        int covered = 0;
        for (JarEntry entry : entries) {
            if (entry.isDirectory() || !SignatureFiles.isCoveredBySignature(entry.getName())) {
                continue;
            }
            covered++;
            CodeSigner[] entrySigners = entry.getCodeSigners();
            if (entrySigners == null || entrySigners.length == 0) {
                unsigned.add(entry.getName());
            } else {
                signers.addAll(List.of(entrySigners));
            }
        }
        if (signers.isEmpty() && covered > 0) {
            throw refused(jarName, Reason.BAD_SIGNATURE, "the signature covers none of its entries: it was made with an"
                    + " algorithm this gateway no longer accepts (SHA-1, MD5: sign again with jarsigner's defaults)", null);
        }
        if (!unsigned.isEmpty()) {
            throw refused(jarName, Reason.UNSIGNED_ENTRY, (unsigned.size() == 1 ? "entry " : "entries ")
                    + named(unsigned) + (unsigned.size() == 1 ? " is" : " are") + " not signed (added after signing)", null);
        }
        if (signers.size() != 1) {
            throw refused(jarName, Reason.SEVERAL_SIGNERS, "its entries are signed by " + signers.size()
                    + " signers; a bundle carries exactly one signature", null);
        }
        return signers.iterator().next();
    }

    /**
     * The JDK checks what is in the jar against the manifest, never the other way round: an entry removed
     * together with nothing else still verifies there. The signature file is authentic once the block
     * verified, so every entry it and the manifest name must be present.
     */
    private static void checkNothingMissing(String jarName, JarFile jar, String signatureFile, Manifest manifest)
            throws IOException {
        Set<String> signedNames = new LinkedHashSet<>();
        try (InputStream in = jar.getInputStream(jar.getJarEntry(signatureFile))) {
            signedNames.addAll(new Manifest(in).getEntries().keySet());
        }
        for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
            if (section.getValue().keySet().stream().anyMatch(k -> k.toString().toUpperCase(java.util.Locale.ROOT).endsWith("-DIGEST"))) {
                signedNames.add(section.getKey());
            }
        }
        List<String> missing = signedNames.stream().filter(name -> jar.getJarEntry(name) == null).toList();
        if (!missing.isEmpty()) {
            throw refused(jarName, Reason.MISSING_ENTRY, (missing.size() == 1 ? "entry " : "entries ") + named(missing)
                    + (missing.size() == 1 ? " was" : " were") + " signed but " + (missing.size() == 1 ? "is" : "are")
                    + " missing (removed after signing)", null);
        }
    }

    private static X509Certificate certificate(String jarName, CodeSigner signer) {
        List<? extends Certificate> path = signer.getSignerCertPath().getCertificates();
        if (path.isEmpty() || !(path.get(0) instanceof X509Certificate certificate)) {
            throw refused(jarName, Reason.BAD_SIGNATURE, "the signer has no X.509 certificate", null);
        }
        return certificate;
    }

    private static VerifiedJar bundle(String jarName, Manifest manifest, X509Certificate certificate, TrustedKey key,
            List<JarEntry> entries) {
        Attributes main = manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw refused(jarName, Reason.NOT_A_BUNDLE, "signed by a trusted signer but not an OSGi bundle: its manifest"
                    + " has no Bundle-SymbolicName", null);
        }
        String version = main.getValue("Bundle-Version");
        int signed = (int) entries.stream().filter(e -> !e.isDirectory() && SignatureFiles.isCoveredBySignature(e.getName()))
                .count();
        return new VerifiedJar(symbolicName.split(";", 2)[0].strip(), version == null ? "0.0.0" : version.strip(),
                main.getValue("Fragment-Host") != null, certificate.getSubjectX500Principal().getName(), key, signed);
    }

    private static String named(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(MAX_NAMED, names.size())))
                + (names.size() > MAX_NAMED ? " and " + (names.size() - MAX_NAMED) + " more" : "");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
