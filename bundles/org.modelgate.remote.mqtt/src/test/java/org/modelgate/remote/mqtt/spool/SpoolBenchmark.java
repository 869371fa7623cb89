package org.modelgate.remote.mqtt.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable offers per second (not a test): {@link DiskSpool#offer} against its floor, a bare append of the same bytes
 * followed by {@code force(false)} on a plain file, interleaved in one process; then the drain (peek + remove).
 * Prints Markdown rows for docs/benchmarks.md.
 *
 * <pre>
 * mvn -o -q test-compile -pl bundles/org.modelgate.remote.mqtt dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bundles/org.modelgate.remote.mqtt/target/test-classes:bundles/org.modelgate.remote.mqtt/target/classes:$(cat /tmp/cp.txt) \
 *     org.modelgate.remote.mqtt.spool.SpoolBenchmark [folder] [offers] [runs]
 * </pre>
 */
public final class SpoolBenchmark {
    private SpoolBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args folder (default: a temporary folder), offers per run (2000), runs (3)
     * @throws Exception when the disk fails
     */
    public static void main(String[] args) throws Exception {
        Path folder = Files.createDirectories(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("spool-bench"));
        int offers = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        byte[] payload = new byte[600];
        java.util.Arrays.fill(payload, (byte) 'x');
        List<double[]> results = new ArrayList<>();
        System.out.println("| run | bare write + fdatasync /s | spool offer (durable) /s | ratio | drain peek+remove /s |");
        System.out.println("|---|---|---|---|---|");
        for (int run = 1; run <= runs; run++) {
            double bare = bare(folder.resolve("bare-" + run), offers, payload.length + SpoolRecord.ENTRY_HEADER);
            double[] spool = spool(folder.resolve("spool-" + run), offers, payload);
            double[] row = {bare, spool[0], spool[0] / bare, spool[1]};
            results.add(row);
            System.out.printf("| %d | %.0f | %.0f | x%.2f | %.0f |%n", run, row[0], row[1], row[2], row[3]);
        }
        System.out.printf("| median of each column | %.0f | %.0f | x%.2f | %.0f |%n", median(results, 0),
                median(results, 1), median(results, 2), median(results, 3));
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static double bare(Path file, int offers, int recordBytes) throws IOException {
        ByteBuffer record = ByteBuffer.allocate(recordBytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            long at = 0;
            for (int i = 0; i < offers; i++) {
                record.clear();
                at += channel.write(record, at);
                channel.force(false);
            }
            return offers / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double[] spool(Path folder, int offers, byte[] payload) throws IOException {
        try (DiskSpool spool = DiskSpool.open(folder, 64L << 20)) {
            long start = System.nanoTime();
            for (int i = 0; i < offers; i++) {
                spool.offer(i % 10 == 0 ? Spool.Kind.ALERT : Spool.Kind.TELEMETRY, payload);
            }
            double offered = offers / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (Spool.Entry entry = spool.peek().orElse(null); entry != null; entry = spool.peek().orElse(null)) {
                spool.remove(entry.seq());
            }
            double drained = offers / ((System.nanoTime() - start) / 1e9);
            return new double[] {offered, drained};
        }
    }
}
