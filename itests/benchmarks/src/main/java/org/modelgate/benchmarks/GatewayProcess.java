package org.modelgate.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real gateway: a copy of the built distribution started with bin/modelgate on a free port. */
final class GatewayProcess implements AutoCloseable {
    final Path home;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private GatewayProcess(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Copies the distribution (the build's distribution/target/modelgate) to a fresh folder. */
    static GatewayProcess copyOf(Path distribution) throws IOException {
        if (!Files.isExecutable(distribution.resolve("bin/modelgate"))) {
            throw new IOException(distribution + "/bin/modelgate is missing: run `mvn install` first");
        }
        Path home = Files.createTempDirectory("modelgate-bench");
        copyTree(distribution, home);
        // 1 intra-op and 1 inter-op thread, as every side of every comparison here; on global pools (the
        // backend's default) the models' own thread options are ignored, so the backend is configured
        Files.writeString(home.resolve("etc").resolve("org.modelgate.backend.onnxruntime.cfg"),
                "intraOpThreads=1\ninterOpThreads=1\n");
        try (ServerSocket socket = new ServerSocket(0)) {
            return new GatewayProcess(home, socket.getLocalPort());
        }
    }

    /** Starts bin/modelgate and returns the milliseconds until every given model answers ready. */
    long start(String javaOpts, String... models) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/modelgate").toString())
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("data").resolve("bench-console.log").toFile());
        builder.environment().put("JAVA_OPTS", javaOpts + " -Dmodelgate.http.port=" + port);
        Files.createDirectories(home.resolve("data"));
        long start = System.nanoTime();
        process = builder.start();
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        List<String> paths = new java.util.ArrayList<>(List.of("/v2/health/ready"));
        for (String model : models) {
            paths.add("/v2/models/" + model + "/ready");
        }
        for (String path : paths) {
            while (status(path) != 200) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("gateway did not get ready (" + path + "); see " + home.resolve("data/bench-console.log"));
                }
                Thread.sleep(5);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the gateway's JVM has used so far, from /proc/<pid>/stat (100 ticks a second). */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // utime, stime: fields 14, 15 of stat
    }

    /** Output of a command run against the gateway's JVM ({@code jcmd <pid> ...}, {@code pmap -x <pid>}), or why not. */
    String inspect(String... command) {
        List<String> line = new java.util.ArrayList<>(List.of(command));
        line.replaceAll(part -> part.replace("{pid}", Long.toString(process.pid())));
        try {
            Process tool = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(tool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            tool.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return line + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return line + " interrupted";
        }
    }

    /** Resident set size of the gateway's JVM, from /proc. */
    long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofMillis(250))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String post(String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        deleteTree(home);
    }

    /** Bytes of the shipped files: everything but data/, which the gateway writes at run time. */
    static long treeBytes(Path root) throws IOException {
        Path data = root.resolve("data");
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(data)).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("cache") && dir.getParent().getFileName().toString().equals("data")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
