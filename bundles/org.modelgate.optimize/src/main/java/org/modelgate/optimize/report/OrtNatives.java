package org.modelgate.optimize.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * On the command line, points ONNX Runtime at its native libraries: {@code bin/mgopt} names the platform's native
 * fragment jar (the gateway's {@code ai.onnxruntime.native.*} bundle) in {@value #NATIVES_PROPERTY}, as
 * {@code bin/mgpack} does; its libraries are unpacked into a temporary folder. On the gateway the fragment is
 * attached to the API bundle and nothing is done.
 */
final class OrtNatives {
    /** The native fragment jar ({@code native/<platform>/*.so}) that bin/mgopt names. */
    static final String NATIVES_PROPERTY = "modelgate.ort.natives";

    private OrtNatives() {
    }

    static synchronized void prepare() throws IOException {
        String jar = System.getProperty(NATIVES_PROPERTY);
        if (jar == null || jar.isEmpty() || System.getProperty("onnxruntime.native.path") != null) {
            return;
        }
        Path dir = Files.createTempDirectory("mgopt-ort");
        try (JarFile natives = new JarFile(jar)) {
            for (Enumeration<JarEntry> entries = natives.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("native/") && (name.endsWith(".so") || name.endsWith(".dylib") || name.endsWith(".dll"))) {
                    Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
                    try (InputStream in = natives.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    target.toFile().deleteOnExit();
                }
            }
        }
        dir.toFile().deleteOnExit();
        System.setProperty("onnxruntime.native.path", dir.toString());
    }
}
