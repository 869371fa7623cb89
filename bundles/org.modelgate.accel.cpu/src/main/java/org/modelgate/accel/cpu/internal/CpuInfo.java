package org.modelgate.accel.cpu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU as Linux describes it in {@code /proc/cpuinfo} (read under a root folder, so tests can use a fake one),
 * with the core count the JVM sees.
 */
final class CpuInfo {
    private static final Pattern MODEL = Pattern.compile("(?m)^(?:model name|Model|Hardware)\\s*:\\s*(.+)$");

    private final Path root;
    private final int cores;

    CpuInfo(Path root) {
        this(root, Runtime.getRuntime().availableProcessors());
    }

    CpuInfo(Path root, int cores) {
        this.root = root;
        this.cores = cores;
    }

    /** For example {@code "amd64, 2 cores: Intel(R) Xeon(R) CPU @ 2.20GHz"}. */
    String describe() {
        String text = System.getProperty("os.arch") + ", " + cores + (cores == 1 ? " core" : " cores");
        try {
            Matcher model = MODEL.matcher(Files.readString(root.resolve("proc/cpuinfo")));
            return model.find() ? text + ": " + model.group(1).trim() : text;
        } catch (IOException e) {
            return text;
        }
    }
}
