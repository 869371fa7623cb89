package org.modelgate.packaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import org.modelgate.json.StrictJson;
import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.PackageProblem;

/**
 * The two fields of {@code model.json} a package depends on: name and version (the rest is the
 * registry's business, see docs/model-repository.md).
 *
 * @param name the model name
 * @param version the semantic version, as written
 */
record ModelJson(String name, String version) {
    static final long MAX_BYTES = 1L << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern VERSION = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-[0-9A-Za-z.-]{1,64})?");

    /** The package file name this descriptor requires. */
    String packageFileName() {
        return ModelPackages.fileName(name, version);
    }

    /**
     * Reads {@code model.json} from a folder.
     *
     * @param folder the model folder (or staging folder)
     * @param where the package or folder, for messages
     * @return name and version, both checked
     * @throws ModelPackageException MISSING_MODEL_JSON, INVALID_MODEL_JSON or IO_ERROR
     */
    static ModelJson read(Path folder, String where) throws ModelPackageException {
        Path file = folder.resolve(ModelPackages.MODEL_JSON);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelPackageException(PackageProblem.MISSING_MODEL_JSON, ModelPackages.MODEL_JSON,
                    where + " has no model.json (a regular file with \"name\" and \"version\"); add it first");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw invalid(where, "is larger than " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file); JsonParser parser = StrictJson.parser(in)) {
                return parse(parser, where);
            }
        } catch (JsonProcessingException e) {
            throw invalid(where, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelPackageException(PackageProblem.IO_ERROR, ModelPackages.MODEL_JSON,
                    "cannot read model.json of " + where + ": " + e, e);
        }
    }

    private static ModelJson parse(JsonParser parser, String where) throws IOException, ModelPackageException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw invalid(where, "is not a JSON object");
        }
        String name = null;
        String version = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("name") || field.equals("version")) {
                if (value != JsonToken.VALUE_STRING) {
                    throw invalid(where, "field '" + field + "' must be a string");
                }
                if (field.equals("name")) {
                    name = parser.getText();
                } else {
                    version = parser.getText();
                }
            } else {
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw invalid(where, "has content after its top-level object");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(where, name == null ? "has no \"name\""
                    : "name '" + EntryName.printable(name) + "' must be 1-128 of A-Z a-z 0-9 . _ - (starting with a letter or digit)");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw invalid(where, version == null ? "has no \"version\""
                    : "version '" + EntryName.printable(version) + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.0.0)");
        }
        return new ModelJson(name, version);
    }

    private static ModelPackageException invalid(String where, String why) {
        return new ModelPackageException(PackageProblem.INVALID_MODEL_JSON, ModelPackages.MODEL_JSON,
                "model.json of " + where + " " + why);
    }
}
