package org.modelgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point: {@code java ... org.modelgate.benchmarks.Benchmarks [inprocess|traffic|isolation|monitor|remote|fleet|djl|rest|rest-binary|grpc|grpc-floor|batching|boot|memory|size|verify|encrypted|profile|optimize|optimize-static|distill|federated|secagg|multimodel|leak|all|jmh [JMH options]]}.
 * Prints Markdown rows for docs/benchmarks.md. Needs a built distribution (-Dmodelgate.home).
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 || args[0] == null || args[0].isBlank() || args[0].startsWith("${") ? "all" : args[0];
        if (which.equals("jmh")) {
            // JMH's own runner (forks a JVM per benchmark); -prof and other JMH options go after "jmh"
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (which.endsWith("-process")) { // a part that runs in a JVM of its own (ChildJvm)
            Path work = Files.createTempDirectory("modelgate-bench-" + which);
            try {
                System.out.print(which.equals("leak-process") ? new LeakBenchmark().runHere(work)
                        : new MultiModelBenchmark().runHere(work));
            } finally {
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.exit(0);
        }
        Path distribution = Path.of(System.getProperty("modelgate.home", "distribution/target/modelgate")).toAbsolutePath().normalize();
        int rounds = Integer.getInteger("rounds", 40);
        int block = Integer.getInteger("block", 50);
        Path work = Files.createTempDirectory("modelgate-bench-work");
        System.out.printf("# Modelgate benchmarks: %s, %d rounds x %d requests per side, interleaved%n", which, rounds, block);
        System.out.printf("# %s %s, %d cores, %s%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), distribution);
        GatewayBenchmark gateway = new GatewayBenchmark(distribution, rounds, block);
        if (which.equals("traffic")) { // not in "all": needs -Dbefore.core
            System.out.println(new TrafficRoutingBenchmark(rounds, block).run(work, distribution));
        }
        if (which.equals("all") || which.equals("inprocess")) {
            System.out.println(new InProcessBenchmark(rounds, block).run(work, distribution));
        }
        if (which.equals("all") || which.equals("monitor")) {
            System.out.println(new MonitorBenchmark(rounds, block).run(work, distribution));
        }
        if (which.equals("remote")) { // not in "all": it starts a mosquitto broker (when installed)
            System.out.println(new RemoteBenchmark(rounds, block).run(work, distribution));
        }
        if (which.equals("all") || which.equals("djl")) {
            System.out.println(new DjlBenchmark(rounds, block).run(work));
        }
        if (which.equals("all") || which.equals("rest")) {
            System.out.println(gateway.restVersusInProcess(work));
        }
        if (which.equals("batching")) { // not in "all": 1, 4, 16 clients, batching off and on, minutes
            System.out.println(new BatchingBenchmark().run(work));
        }
        if (which.equals("rest-binary")) { // not in "all" yet: embedded Jetty, no distribution needed
            System.out.println(new BinaryTensorBenchmark(rounds, block).run(work));
        }
        if (which.equals("grpc")) { // not in "all": embedded gRPC and Jetty, no distribution needed
            System.out.println(new GrpcBenchmark(rounds, block).run(work));
        }
        if (which.equals("grpc-floor")) { // not in "all": grpc-java alone, no model
            System.out.println(new GrpcFloorBenchmark().run());
        }
        if (which.equals("all") || which.equals("boot")) {
            String variants = System.getProperty("boot.variants");
            System.out.println(variants == null || variants.isBlank() ? gateway.bootTimes(Integer.getInteger("boots", 6))
                    : gateway.bootVariants(variants, System.getProperty("boot.homes"), Integer.getInteger("boots", 11)));
        }
        if (which.equals("all") || which.equals("memory")) {
            System.out.println(gateway.memory(System.getProperty("memory.opts", "-Xmx128m")));
        }
        if (which.equals("all") || which.equals("verify")) {
            System.out.println(new VerifyBenchmark(Integer.getInteger("verify.rounds", 12)).run(work));
        }
        // not in "all": several minutes each, and they start JVMs of their own
        if (which.equals("multimodel")) {
            System.out.println(MultiModelBenchmark.run());
        }
        if (which.equals("leak")) {
            System.out.println(LeakBenchmark.run());
        }
        if (which.equals("fleet")) { // not in "all": simulated gateways and a broker in this JVM, minutes
            System.out.println(new org.modelgate.benchmarks.fleet.FleetBenchmark(Integer.getInteger("fleet.agents", 200))
                    .run(work));
        }
        if (which.equals("secagg")) { // not in "all": secure aggregation rounds in this JVM, under a minute
            System.out.println(new SecureAggregationBenchmark(rounds).run());
        }
        if (which.equals("isolation")) { // not in "all": it starts model host processes
            System.out.println(new IsolationBenchmark(rounds, block).run(work, distribution));
        }
        if (which.equals("optimize") || which.equals("distill")) { // not in "all": trains teachers for a minute or two
            System.out.println(new DistillBenchmark().run(work));
        }
        if (which.equals("all") || which.equals("size")) {
            System.out.println(gateway.size());
        }
        if (which.equals("all") || which.equals("encrypted")) {
            System.out.println(new EncryptedLoadBenchmark(Integer.getInteger("loads", 20)).run(work));
        }
        if (which.equals("optimize")) { // not in "all": quantizes MiniLM (about a minute) before it measures
            System.out.println(new OptimizeBenchmark(rounds, block).run(work));
        }
        if (which.equals("optimize") || which.equals("optimize-static")) { // the static part: static INT8, FP16, pruning
            System.out.println(new OptimizeStaticBenchmark(rounds, block).run(work));
        }
        if (which.equals("federated")) { // not in "all": trains 20 simulated gateways for several runs, a minute or two
            System.out.println(new org.modelgate.benchmarks.federated.FederatedBenchmark().run());
        }
        if (which.equals("profile")) { // not in "all": it writes plan.json into its own work folder only, but takes minutes
            System.out.println(new ProfileBenchmark(Integer.getInteger("profile.runs", 200)).run(work, distribution));
        }
        System.exit(0);
    }
}
