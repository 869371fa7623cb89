package org.modelgate.host.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a model host JVM is started: the same {@code java} as the gateway's, the host's JVM options, the jars of the
 * backend's bundle and the bundles it is wired to, the folders of their native libraries, the folder for fatal
 * error reports, and which backend component to create.
 *
 * @param java the java executable
 * @param jvmOptions options such as {@code -Xmx256m}
 * @param classpath jars and class folders
 * @param nativeFolders folders holding native libraries (java.library.path)
 * @param crashFolder where the host's JVM writes its fatal error report ({@code -XX:ErrorFile})
 * @param mainClass the host's main class
 * @param bundle the backend bundle's jar or folder, holding its component descriptions
 * @param componentName the backend's component name, or null
 * @param implementation the backend's implementation class
 */
record HostCommand(String java, List<String> jvmOptions, List<Path> classpath, List<Path> nativeFolders, Path crashFolder,
        String mainClass, Path bundle, String componentName, String implementation) {
    HostCommand {
        jvmOptions = List.copyOf(jvmOptions);
        classpath = List.copyOf(classpath);
        nativeFolders = List.copyOf(nativeFolders);
    }

    /** The java the gateway runs on. */
    static String currentJava() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The same command with another main class (tests use hosts that misbehave on purpose). */
    HostCommand withMainClass(String other) {
        return new HostCommand(java, jvmOptions, classpath, nativeFolders, crashFolder, other, bundle, componentName,
                implementation);
    }

    List<String> line(Path socket, int lanes, String sharedMemoryPrefix, long sharedMemoryLimit, String model, long spinNanos) {
        return line(socket, lanes, sharedMemoryPrefix, sharedMemoryLimit, model, spinNanos, "");
    }

    /**
     * The command line; with a {@code cpuAffinity} it starts under {@code taskset -c}, which execs the JVM (the same
     * pid). Java cannot call sched_setaffinity itself, and a JVM restricts its own thread pools to the CPUs it was
     * started on, so the restriction is made before it starts.
     *
     * @throws org.modelgate.host.HostNotUsableException when an affinity is asked for and no taskset is found
     */
    List<String> line(Path socket, int lanes, String sharedMemoryPrefix, long sharedMemoryLimit, String model, long spinNanos,
            String cpuAffinity) {
        List<String> line = new ArrayList<>();
        if (cpuAffinity != null && !cpuAffinity.isBlank()) {
            line.add(taskset());
            line.add("-c");
            line.add(cpuAffinity.trim());
        }
        line.add(java);
        line.addAll(jvmOptions);
        line.add("-XX:ErrorFile=" + crashFolder.resolve("hs_err_pid%p.log"));
        line.add("-XX:-CreateCoredumpOnCrash");
        line.add("-XX:-UsePerfData");
        if (!nativeFolders.isEmpty()) {
            line.add("-Djava.library.path=" + nativeFolders.stream().map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator)));
        }
        line.add("-Dmodelgate.host.model=" + model);
        line.add("-D" + HostServer.SPIN_PROPERTY + "=" + spinNanos);
        line.add("-cp");
        line.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        line.add(mainClass);
        line.add(socket.toString());
        line.add(Integer.toString(lanes));
        line.add(sharedMemoryPrefix);
        line.add(Long.toString(sharedMemoryLimit));
        line.add(bundle.toString());
        line.add(componentName == null ? "-" : componentName);
        line.add(implementation);
        return line;
    }

    private static String taskset() {
        for (String folder : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path taskset = Path.of(folder, "taskset");
            if (Files.isExecutable(taskset)) {
                return taskset.toString();
            }
        }
        throw new org.modelgate.host.HostNotUsableException("cpuAffinity of PID org.modelgate.host is set, but no taskset "
                + "(util-linux) was found in /usr/bin, /bin or /usr/local/bin; install it or leave cpuAffinity empty");
    }
}
