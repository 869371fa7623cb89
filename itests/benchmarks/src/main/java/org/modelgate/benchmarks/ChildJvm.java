package org.modelgate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a part of the harness in a JVM of its own, on the same class path: for what is fixed once per
 * process (ONNX Runtime's environment and its global thread pools) or needs JVM options of its own
 * (a fixed heap for memory figures). Its standard output is returned, its standard error passes through.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    static String run(List<String> jvmOptions, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("multimodel.") || key.startsWith("leak.")) {
                if (jvmOptions.stream().noneMatch(option -> option.startsWith("-D" + key + "="))) {
                    command.add("-D" + key + "=" + System.getProperty(key));
                }
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Benchmarks.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("child JVM " + List.of(args) + " exited with " + exit + "; its output:\n" + out);
        }
        return out.toString();
    }
}
