package org.modelgate.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.modelgate.core.internal.ModelDescriptor.InvalidDescriptorException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the model.json reader (descriptor, golden samples, guards): any document either reads or is
 * refused with {@link InvalidDescriptorException}; any other exception, an error or a hang is a finding.
 * Plain {@code mvn test} replays the committed inputs in
 * {@code src/test/resources/org/modelgate/core/internal/ModelDescriptorFuzzTestInputs/descriptor/};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ModelDescriptorFuzzTest} fuzzes.
 */
class ModelDescriptorFuzzTest {
    private static final Path VERSION = folder();

    @FuzzTest(maxDuration = "60s")
    void descriptor(byte[] modelJson) throws IOException {
        Files.write(VERSION.resolve(ModelDescriptor.FILE_NAME), modelJson);
        try {
            ModelDescriptor descriptor = ModelDescriptor.read(VERSION);
            if (!descriptor.modelFile().normalize().startsWith(VERSION.normalize())) {
                throw new AssertionError("a model file outside its version folder was accepted: " + descriptor.modelFile());
            }
        } catch (InvalidDescriptorException refused) {
            if (refused.getMessage() == null || !refused.getMessage().contains(ModelDescriptor.FILE_NAME)) {
                throw new AssertionError("a refusal that does not name the file: " + refused.getMessage());
            }
        }
    }

    private static Path folder() {
        try {
            return Files.createDirectories(Files.createTempDirectory("model-json-fuzz").resolve("m").resolve("1.0.0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
