package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modelgate.json.StrictJson;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.SignedFile;
import org.modelgate.security.VerificationPolicy;

/**
 * The files of a model folder that the signature does not cover: each must be allowed by the gateway's
 * {@link VerificationPolicy}; beside a single signed file, {@code model.json} is allowed too. Whatever the policy,
 * the file {@code model.json} names must be signed: it is what the backend loads.
 */
final class UnsignedFiles {
    static final String MODEL_JSON = "model.json";
    private static final String PID = "org.modelgate.security.trust";
    /** model.json holds reference profiles and golden samples; bigger than this it is not a descriptor. */
    private static final long MAX_MODEL_JSON_BYTES = StrictJson.MAX_DOCUMENT_BYTES;

    private UnsignedFiles() {
    }

    /** Refuses files neither signed nor allowed unsigned, naming the policy that would accept them. */
    static void check(ModelStatement statement, ModelFolder folder, VerificationPolicy policy) throws ModelSignatureException {
        Set<String> signed = signed(statement);
        List<String> refused = folder.files().keySet().stream().filter(p -> !signed.contains(p))
                .filter(p -> !policy.allowsUnsigned(p))
                .filter(p -> !(statement.singleFile() && p.equals(MODEL_JSON)))
                .toList();
        if (refused.isEmpty()) {
            return;
        }
        List<String> ignoredBySigner = refused.stream().filter(p -> ignored(statement.ignorePaths(), p)).toList();
        String why = statement.singleFile() ? "the signature covers the single file '" + statement.files().get(0).path()
                + "' only" : "not covered by the signature";
        throw new ModelSignatureException(SignatureProblem.EXTRA_FILE, "file" + ModelFolderVerifier.plural(refused)
                + " in " + folder.root() + " " + why + ": " + ModelFolderVerifier.names(refused)
                + (ignoredBySigner.isEmpty() ? "" : " (the signer left " + ModelFolderVerifier.names(ignoredBySigner)
                        + " out with ignore_paths)")
                + "; the policy allowUnsigned=" + quoted(refused) + " of PID " + PID + " would accept "
                + (refused.size() == 1 ? "it" : "them") + " unsigned (never the file model.json names), else remove "
                + (refused.size() == 1 ? "it" : "them") + " or re-sign the folder with " + (refused.size() == 1 ? "it" : "them"),
                refused);
    }

    /** The file model.json names must be one the signature covers (checked after the digests, on verified content). */
    static void checkModelFile(ModelStatement statement, ModelFolder folder) throws ModelSignatureException {
        Path modelJson = folder.files().get(MODEL_JSON);
        if (modelJson == null) {
            return;
        }
        Set<String> signed = signed(statement);
        String file = modelFile(modelJson, signed.contains(MODEL_JSON));
        if (file != null && !signed.contains(file)) {
            throw new ModelSignatureException(SignatureProblem.EXTRA_FILE, "model.json in " + folder.root() + " names '"
                    + file + "' as its model file, which the signature does not cover; the model file must always be"
                    + " signed (no policy accepts it unsigned): re-sign the folder, or sign that file", List.of(file));
        }
    }

    /** model.json's {@code file}, or null when a signed model.json has none (the registry refuses it then). */
    private static String modelFile(Path modelJson, boolean signed) throws ModelSignatureException {
        Object tree;
        try {
            if (Files.size(modelJson) > MAX_MODEL_JSON_BYTES) {
                throw new IOException("larger than " + MAX_MODEL_JSON_BYTES + " bytes");
            }
            tree = StrictJson.read(Files.readAllBytes(modelJson));
        } catch (IOException | RuntimeException e) {
            if (signed) {
                return null;
            }
            throw new ModelSignatureException(SignatureProblem.EXTRA_FILE, "model.json is not signed and cannot be read"
                    + " to check that the file it names is signed: " + e.getMessage(), List.of(MODEL_JSON), e);
        }
        Object file = tree instanceof Map<?, ?> map ? map.get("file") : null;
        if (!(file instanceof String name)) {
            if (signed) {
                return null;
            }
            throw new ModelSignatureException(SignatureProblem.EXTRA_FILE, "model.json is not signed and names no model"
                    + " file ('file')", List.of(MODEL_JSON));
        }
        String normalized = name;
        while (normalized.startsWith("./")) {
            normalized = normalized.substring(2);
        }
        return normalized;
    }

    private static Set<String> signed(ModelStatement statement) {
        Set<String> signed = new HashSet<>();
        for (SignedFile f : statement.files()) {
            signed.add(f.path());
        }
        return signed;
    }

    private static boolean ignored(List<String> ignorePaths, String path) {
        return new VerificationPolicy(ignorePaths).allowsUnsigned(path);
    }

    private static String quoted(List<String> names) {
        return "[" + String.join(", ", names.stream().limit(10).map(n -> "\"" + n + "\"").toList()) + "]";
    }
}
