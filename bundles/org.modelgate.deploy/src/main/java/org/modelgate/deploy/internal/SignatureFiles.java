package org.modelgate.deploy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.regex.Pattern;

/**
 * The signature-related entries of a jar, named as the JDK's jar verifier names them: the manifest,
 * {@code META-INF/*.SF} signature files, {@code META-INF/*.RSA|.DSA|.EC} signature blocks and
 * {@code META-INF/SIG-*}. These are the only entries a signature does not cover.
 *
 * @param signatureFiles the {@code .SF} entries
 * @param blocks the signature block entries
 */
record SignatureFiles(List<String> signatureFiles, List<String> blocks) {
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final Pattern SF = Pattern.compile("META-INF/[^/]+\\.SF");
    private static final Pattern BLOCK = Pattern.compile("META-INF/[^/]+\\.(RSA|DSA|EC)|META-INF/SIG-[^/]+");

    static SignatureFiles of(List<JarEntry> entries) {
        List<String> signatureFiles = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        for (JarEntry entry : entries) {
            String upper = upper(entry.getName());
            if (SF.matcher(upper).matches()) {
                signatureFiles.add(entry.getName());
            } else if (BLOCK.matcher(upper).matches()) {
                blocks.add(entry.getName());
            }
        }
        return new SignatureFiles(List.copyOf(signatureFiles), List.copyOf(blocks));
    }

    /** Whether the signature covers the entry: everything but the manifest, signature files and blocks. */
    static boolean isCoveredBySignature(String name) {
        String upper = upper(name);
        return !upper.equals(MANIFEST) && !upper.equals("META-INF/") && !SF.matcher(upper).matches()
                && !BLOCK.matcher(upper).matches();
    }

    /** The block that belongs to the one signature file (same base name), or null. */
    String blockOf(String signatureFile) {
        String base = upper(signatureFile.substring(0, signatureFile.length() - ".SF".length()));
        return blocks.stream().filter(b -> upper(b).startsWith(base + ".")).findFirst().orElse(null);
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ENGLISH);
    }
}
