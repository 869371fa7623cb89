package org.modelgate.optimize.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ai.onnx.proto.OnnxMl.TensorProto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.fixtures.Digits;
import org.modelgate.optimize.fixtures.DigitsCnn;
import org.modelgate.optimize.graph.OnnxModelFile;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateMakers;
import org.modelgate.optimize.tool.ReferenceOptions;

/** mg:optimize on an installed digits CNN: static INT8 calibrated on its golden samples, and FP16, as candidate folders. */
class StaticAndFp16CandidatesTest {
    @TempDir
    Path dir;

    @Test
    void anInstalledCnnGetsStaticInt8AndFp16CandidatesCalibratedOnItsGoldenSamples() throws Exception {
        Path repository = givenTheDigitsCnnInstalledWithGoldenDigits(40);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Path> written = new GatewayOptimizer(repository, dir.resolve("candidates"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).optimize("digits", "1.0.0",
                Arguments.parse(List.of("--runs", "3", "--warmup", "0", "--force"), ReferenceOptions.VALUED, Set.of("force")), CandidateMakers.all());
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(written.containsKey("int8-static"), report);
        assertTrue(written.containsKey("fp16"), report);
        assertTrue(report.contains("int8-static: calibrated on 40 reference samples (minmax), quantized conv, dense"), report);
        assertTrue(OnnxModelFile.read(written.get("int8-static").resolve("model.onnx")).getGraph().getNodeList().stream()
                .anyMatch(n -> n.getOpType().equals("QuantizeLinear")));
        assertEquals(TensorProto.DataType.FLOAT16_VALUE, OnnxModelFile.read(written.get("fp16").resolve("model.onnx")).getGraph()
                .getInitializerList().stream().filter(t -> t.getName().equals("conv.weight")).findFirst().orElseThrow().getDataType());
    }

    private Path givenTheDigitsCnnInstalledWithGoldenDigits(int count) throws Exception {
        Path repository = dir.resolve("models");
        Path folder = Files.createDirectories(repository.resolve("digits/1.0.0"));
        DigitsCnn.write(folder.resolve("model.onnx"));
        String data = Digits.load().heldOut().subList(0, count).stream()
                .map(s -> {
                    StringBuilder row = new StringBuilder();
                    for (float pixel : s.pixels()) {
                        row.append(row.length() == 0 ? "" : ", ").append((int) pixel);
                    }
                    return row.toString();
                }).collect(Collectors.joining(", "));
        Files.writeString(folder.resolve("model.json"), "{\"name\": \"digits\", \"version\": \"1.0.0\", \"format\": \"onnx\","
                + " \"file\": \"model.onnx\", \"golden\": [{\"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": ["
                + count + ", 64], \"data\": [" + data + "]}]}]}");
        return repository;
    }
}
