package org.modelgate.optimize.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import com.google.protobuf.CodedInputStream;

/**
 * Reads and writes ONNX model files through the protobuf classes generated from the official {@code onnx.proto}.
 * Models whose tensors live in external data files are refused with the reason: the optimizer rewrites weights and
 * keeps every model in one file.
 */
public final class OnnxModelFile {
    /** Protobuf's own limit is 2 GiB; ONNX files larger than that need external data, which is refused. */
    private static final int SIZE_LIMIT = Integer.MAX_VALUE;

    private OnnxModelFile() {
    }

    /**
     * The model in {@code file}.
     *
     * @throws IOException when the file cannot be read, is not an ONNX model, or keeps tensors in external data
     */
    public static ModelProto read(Path file) throws IOException {
        ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(SIZE_LIMIT);
            model = ModelProto.parseFrom(coded);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new IOException(file + " is not an ONNX model: it has no graph");
        }
        for (TensorProto initializer : model.getGraph().getInitializerList()) {
            if (initializer.getDataLocation() == TensorProto.DataLocation.EXTERNAL || initializer.getExternalDataCount() > 0) {
                throw new IOException(file + " keeps tensor '" + initializer.getName()
                        + "' in external data; the optimizer works on single-file models: save it with"
                        + " onnx.save_model(model, path, save_as_external_data=False) first");
            }
        }
        return model;
    }

    /** Writes {@code model} to {@code file} atomically (a temporary file beside it, then a move). */
    public static void write(ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                model.writeTo(out);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
