package org.modelgate.benchmarks.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A model package for simulated gateways: a zip with {@code model.json} (name, version, and the {@code requires} the
 * caller gives) and a {@code model.onnx} of random bytes of the size asked (so that deploys move realistic amounts
 * in chunks). Simulated gateways read model.json only; real gateways need a signed .mgp (bin/mgpack).
 */
public final class SimulatedPackage {
    private SimulatedPackage() {
    }

    /**
     * @param name the model's name
     * @param version its version
     * @param requiresJson the {@code requires} object as JSON text, or null
     * @param modelBytes size of the model file
     * @return the package's bytes
     */
    public static byte[] of(String name, String version, String requiresJson, int modelBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(("{\"name\": \"" + name + "\", \"version\": \"" + version + "\", \"format\": \"onnx\""
                    + (requiresJson == null ? "" : ", \"requires\": " + requiresJson) + "}\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("model.onnx"));
            byte[] model = new byte[modelBytes];
            new Random(version.hashCode()).nextBytes(model);
            zip.write(model);
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The file name a package of that model and version has. */
    public static String fileName(String name, String version) {
        return name + "-" + version + ".mgp";
    }
}
