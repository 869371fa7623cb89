package org.modelgate.security.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.modelgate.json.StrictJson;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SignatureProblem;
import org.modelgate.security.SignedFile;

/**
 * The in-toto Statement v1 of OpenSSF Model Signing v1.0 ({@code predicateType
 * https://model_signing/signature/v1.0}, serialization method {@code files}): one subject named after
 * the model whose sha256 is the digest of the resource digests, and one resource per file.
 *
 * @param name the subject name
 * @param rootDigest the subject's sha256, lowercase hex
 * @param files the resources, in statement order; for a single-file signature the one file, named after the subject
 * @param singleFile true when the signer signed one file (model_signing's resource {@code "."}), not a folder
 * @param ignorePaths the statement's {@code serialization.ignore_paths}: what the signer left out (informative)
 */
record ModelStatement(String name, String rootDigest, List<SignedFile> files, boolean singleFile, List<String> ignorePaths) {
    /** The resource name model_signing gives the one file of a single-file signature. */
    static final String SINGLE_FILE_RESOURCE = ".";

    /** A folder statement as this bundle writes it. */
    ModelStatement(String name, String rootDigest, List<SignedFile> files) {
        this(name, rootDigest, files, false, List.of());
    }

    static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    static final String PREDICATE_TYPE = "https://model_signing/signature/v1.0";
    static final String PREDICATE_TYPE_V01 = "https://model_signing/Digests/v0.1";
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String DOC = "signed statement";
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Builds the statement for files sorted by path, computing the root digest. */
    static ModelStatement of(String name, List<SignedFile> files) {
        return new ModelStatement(name, rootDigest(files), List.copyOf(files), false, List.of());
    }

    /** sha256 over the raw bytes of each file digest, in the given order (model_signing's subject digest). */
    static String rootDigest(List<SignedFile> files) {
        MessageDigest digest = Digests.newSha256();
        for (SignedFile f : files) {
            digest.update(HexFormat.of().parseHex(f.sha256()));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Parses and checks a statement that has already passed the signature check. */
    static ModelStatement parse(byte[] json) throws ModelSignatureException {
        Object tree;
        try {
            tree = StrictJson.read(json);
        } catch (IOException | RuntimeException e) {
            throw new ModelSignatureException(SignatureProblem.MALFORMED_STATEMENT, DOC + " is not valid JSON: " + e.getMessage(),
                    List.of(), e);
        }
        JsonFields statement = JsonFields.root(tree, SignatureProblem.MALFORMED_STATEMENT, DOC);
        checkTypes(statement);
        List<JsonFields> subjects = statement.objects("subject");
        if (subjects.size() != 1) {
            throw statement.refuse("subject", "holds " + subjects.size() + " subjects; model_signing writes exactly one");
        }
        String name = subjects.get(0).string("name");
        String rootDigest = hex(subjects.get(0).object("digest"), "sha256");
        JsonFields predicate = statement.object("predicate");
        JsonFields serialization = predicate.object("serialization");
        checkSerialization(serialization);
        List<String> ignorePaths = serialization.has("ignore_paths") ? serialization.strings("ignore_paths") : List.of();
        boolean singleFile = predicate.arraySize("resources") == 1
                && SINGLE_FILE_RESOURCE.equals(predicate.objects("resources").get(0).optString("name"));
        List<SignedFile> files = singleFile ? singleFile(predicate, name) : resources(predicate);
        String computed = rootDigest(files);
        if (!computed.equals(rootDigest)) {
            throw new ModelSignatureException(SignatureProblem.MALFORMED_STATEMENT, DOC + " is inconsistent: subject digest "
                    + rootDigest + " but the resources hash to " + computed, List.of());
        }
        return new ModelStatement(name, rootDigest, files, singleFile, ignorePaths);
    }

    private static void checkTypes(JsonFields statement) throws ModelSignatureException {
        String type = statement.string("_type");
        if (!type.equals(STATEMENT_TYPE)) {
            throw new ModelSignatureException(SignatureProblem.WRONG_PREDICATE_TYPE, DOC + " has _type '" + type
                    + "'; expected " + STATEMENT_TYPE, List.of());
        }
        String predicateType = statement.string("predicateType");
        if (predicateType.equals(PREDICATE_TYPE_V01)) {
            throw new ModelSignatureException(SignatureProblem.WRONG_PREDICATE_TYPE, DOC + " uses the pre-1.0 predicate "
                    + PREDICATE_TYPE_V01 + "; re-sign the model with model_signing 1.0 or later", List.of());
        }
        if (!predicateType.equals(PREDICATE_TYPE)) {
            throw new ModelSignatureException(SignatureProblem.WRONG_PREDICATE_TYPE, DOC + " has predicateType '"
                    + predicateType + "'; expected " + PREDICATE_TYPE, List.of());
        }
    }

    private static void checkSerialization(JsonFields serialization) throws ModelSignatureException {
        String method = serialization.string("method");
        if (!method.equals("files")) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC + " uses serialization method '"
                    + method + "'; only 'files' (one sha256 per file) is supported", List.of());
        }
        String hashType = serialization.string("hash_type");
        if (!hashType.equals("sha256")) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC + " uses hash_type '" + hashType
                    + "'; only sha256 is supported", List.of());
        }
    }

    /**
     * A file signed on its own: model_signing names the one resource {@code "."} and the subject after the file, so
     * the subject name is the file's name in the folder. It must be one plain name (no folder), not model.sig.
     */
    private static List<SignedFile> singleFile(JsonFields predicate, String subjectName) throws ModelSignatureException {
        JsonFields resource = predicate.objects("resources").get(0);
        ResourceName.check(subjectName);
        if (subjectName.contains("/") || subjectName.equals(ModelSignatures.SIGNATURE_FILE)) {
            throw new ModelSignatureException(SignatureProblem.PATH_TRAVERSAL, DOC + " signs a single file named '"
                    + subjectName + "'; a single signed file must be a plain file name in the model folder, not model.sig",
                    List.of(subjectName));
        }
        String algorithm = resource.string("algorithm");
        if (!algorithm.equals("sha256")) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC + " entry '" + subjectName
                    + "' uses algorithm '" + algorithm + "'; only sha256 is supported", List.of(subjectName));
        }
        return List.of(new SignedFile(subjectName, hex(resource, "digest")));
    }

    private static List<SignedFile> resources(JsonFields predicate) throws ModelSignatureException {
        List<JsonFields> resources = predicate.objects("resources");
        Set<String> names = new HashSet<>();
        List<SignedFile> files = new java.util.ArrayList<>(resources.size());
        for (JsonFields resource : resources) {
            String name = resource.string("name");
            ResourceName.check(name);
            String algorithm = resource.string("algorithm");
            if (!algorithm.equals("sha256")) {
                throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC + " entry '" + name
                        + "' uses algorithm '" + algorithm + "'; only sha256 is supported", List.of(name));
            }
            if (name.equals(ModelSignatures.SIGNATURE_FILE)) {
                throw new ModelSignatureException(SignatureProblem.MALFORMED_STATEMENT, DOC
                        + " lists model.sig itself, which cannot be signed", List.of(name));
            }
            if (!names.add(name)) {
                throw new ModelSignatureException(SignatureProblem.MALFORMED_STATEMENT, DOC + " lists '" + name + "' twice",
                        List.of(name));
            }
            files.add(new SignedFile(name, hex(resource, "digest")));
        }
        return files;
    }

    private static String hex(JsonFields object, String field) throws ModelSignatureException {
        String value = object.string(field);
        if (!HEX_SHA256.matcher(value).matches()) {
            throw object.refuse(field, "is not a sha256 in hex (64 hex digits)");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** Writes the statement JSON in model_signing's field order. */
    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("_type", STATEMENT_TYPE);
            g.writeArrayFieldStart("subject");
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeObjectFieldStart("digest");
            g.writeStringField("sha256", rootDigest);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            g.writeStringField("predicateType", PREDICATE_TYPE);
            g.writeObjectFieldStart("predicate");
            g.writeObjectFieldStart("serialization");
            g.writeStringField("method", "files");
            g.writeStringField("hash_type", "sha256");
            g.writeBooleanField("allow_symlinks", false);
            g.writeArrayFieldStart("ignore_paths");
            g.writeString(ModelSignatures.SIGNATURE_FILE);
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("resources");
            for (SignedFile f : files) {
                g.writeStartObject();
                g.writeStringField("algorithm", "sha256");
                g.writeStringField("digest", f.sha256());
                g.writeStringField("name", f.path());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
