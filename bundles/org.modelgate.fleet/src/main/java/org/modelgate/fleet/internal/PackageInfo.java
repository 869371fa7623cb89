package org.modelgate.fleet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.modelgate.fleet.FleetException;
import org.modelgate.remote.mqtt.link.Json;

/**
 * What the controller needs of a model package ({@code .mgp}): model.json's name, version and {@code requires}, the
 * file's size and SHA-256. The signature is the gateway's to check (it refuses a package it does not trust); the
 * controller only reads model.json to choose the devices.
 *
 * @param file the package
 * @param model model.json "name"
 * @param version model.json "version"
 * @param requires model.json "requires"
 * @param size the file's size
 * @param sha256 the file's SHA-256, lowercase hex
 */
record PackageInfo(Path file, String model, String version, Requirements requires, long size, String sha256) {
    private static final long MAX_MODEL_JSON = 1 << 20;

    static PackageInfo read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FleetException("package " + file + " does not exist (give the path of a signed .mgp on the controller)");
        }
        Map<String, Object> json;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("model.json");
            if (entry == null) {
                throw new FleetException("package " + file + " has no top-level model.json; is it a model package (.mgp)?");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] bytes = in.readNBytes((int) MAX_MODEL_JSON + 1);
                if (bytes.length > MAX_MODEL_JSON) {
                    throw new FleetException("package " + file + ": model.json is over 1 MiB");
                }
                json = Json.object(bytes);
            }
        } catch (IOException e) {
            throw new FleetException("package " + file + " cannot be read as a zip: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new FleetException("package " + file + ": model.json is not a JSON object: " + e.getMessage(), e);
        }
        if (!(json.get("name") instanceof String name) || !(json.get("version") instanceof String version)) {
            throw new FleetException("package " + file + ": model.json needs \"name\" and \"version\" strings");
        }
        Requirements requires;
        try {
            requires = Requirements.parse(json.get("requires"));
        } catch (IllegalArgumentException e) {
            throw new FleetException("package " + file + ": " + e.getMessage(), e);
        }
        try {
            return new PackageInfo(file, name, version, requires, Files.size(file), sha256(file));
        } catch (IOException e) {
            throw new FleetException("package " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
