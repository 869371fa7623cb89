package org.modelgate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/** all-MiniLM-L6-v2 from its Maven jar, laid out as a Modelgate model version, and token inputs for it. */
final class MiniLm {
    static final String INT8 = "all-minilm-l6-v2-q.onnx";
    static final String FP32 = "all-minilm-l6-v2.onnx";

    private MiniLm() {
    }

    /** Writes {@code <repository>/<name>/1.0.0/} with the model file and a model.json using the given options. */
    static Path install(Path repository, String name, String resource, String optionsJson) throws IOException {
        Path dir = Files.createDirectories(repository.resolve(name).resolve("1.0.0"));
        try (InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path (langchain4j embeddings jars)");
            }
            Files.copy(in, dir.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("model.json"), "{\"name\":\"" + name + "\",\"version\":\"1.0.0\",\"format\":\"onnx\","
                + "\"file\":\"model.onnx\",\"options\":" + optionsJson + "}");
        return dir.resolve("model.onnx");
    }

    /** Token ids as a tokenizer would give them: [CLS] ... [SEP], ids within the vocabulary. */
    static long[] tokenIds(int sequenceLength, long seed) {
        Random random = new Random(seed);
        long[] ids = new long[sequenceLength];
        ids[0] = 101;
        for (int i = 1; i < sequenceLength - 1; i++) {
            ids[i] = 1000 + random.nextInt(29000);
        }
        ids[sequenceLength - 1] = 102;
        return ids;
    }
}
