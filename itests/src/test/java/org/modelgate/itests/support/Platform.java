package org.modelgate.itests.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.ops4j.pax.exam.Option;

/**
 * The Felix containers the tests run in, built from the bundles the distribution ships.
 *
 * <p>Runs on the driver side (in {@code @Configuration} methods). Modelgate bundles come from the files
 * Maven resolved for this build (the reactor's {@code target/*.jar} in a full build, else the local
 * repository), passed in by failsafe as {@code bundle.<artifactId>} system properties; without them
 * (a run from an IDE) they come from the local Maven repository at the version of the pom.
 */
public final class Platform {
    /** System property naming the port the HTTP service listens on inside the container. */
    public static final String HTTP_PORT = "modelgate.itest.http.port";

    private Platform() {
    }

    /**
     * Felix with JUnit, a clean cache per test class, and Maven resolution that stays local when it can.
     *
     * @param testClass the test class, naming its working folder
     * @return the options
     */
    public static Option felix(Class<?> testClass) {
        return composite(
                workingDirectory(itestDir() + "/paxexam/" + testClass.getSimpleName()),
                cleanCaches(true),
                systemProperty("org.ops4j.pax.url.mvn.localRepository")
                        .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                System.getProperty("user.home") + "/.m2/repository")),
                // every bundle the tests install is a dependency of this module, so Maven has put it in the
                // local repository: no remote repository is asked (tests never download)
                systemProperty("org.ops4j.pax.url.mvn.repositories").value(""),
                systemProperty("org.ops4j.pax.url.mvn.useFallbackRepositories").value("false"),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                junitBundles());
    }

    /**
     * Declarative Services, Configuration Admin, and the Modelgate API, SPI, model host and core.
     *
     * @return the options
     */
    public static Option core() {
        return composite(
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                modelgateBundle("org.modelgate.api"),
                modelgateBundle("org.modelgate.spi"),
                modelgateBundle("org.modelgate.host"),
                modelgateBundle("org.modelgate.core"),
                modelgateBundle("org.modelgate.audit"),
                modelgateBundle("org.modelgate.json"));
    }

    /**
     * ONNX Runtime as the distribution ships it: the API bundle, the native fragment of this platform,
     * the ONNX Runtime support bundle (session settings and element types, shared with the djl backend)
     * and the Modelgate backend.
     *
     * @return the options
     */
    public static Option onnxRuntime() {
        return composite(
                modelgateBundle("ai.onnxruntime"),
                modelgateBundle("ai.onnxruntime.native.linux." + nativeArchitecture()).noStart(),
                modelgateBundle("org.modelgate.accel.onnxruntime"),
                modelgateBundle("org.modelgate.backend.onnxruntime"));
    }

    /**
     * The DJL backend as the djl and djl-pytorch features ship it: slf4j (DJL logs through it), the PyTorch fragment
     * (installed first, so it attaches when the backend resolves) and the backend. Goes with {@link #onnxRuntime()},
     * whose ai.onnxruntime bundle DJL's OnnxRuntime engine imports.
     *
     * @param cacheDir DJL's cache folder (PyTorch's natives are extracted there once)
     * @return the options
     */
    public static Option djl(String cacheDir) {
        return composite(
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject().noStart(),
                modelgateBundle("org.modelgate.backend.djl.pytorch").noStart(),
                modelgateBundle("org.modelgate.backend.djl"),
                systemProperty("modelgate.itest.djl.cache").value(cacheDir));
    }

    /**
     * The accelerator drivers the distribution starts by default (feature accel-cpu): the cpu driver. Goes
     * with {@link #onnxRuntime()}, which brings the ONNX Runtime support bundle.
     *
     * @return the options
     */
    public static Option cpuAccelerator() {
        return composite(
                modelgateBundle("org.modelgate.accel.cpu"));
    }

    /**
     * The energy meters as the energy feature ships them (sysfs: RAPL, hwmon, iio). Configure PID
     * {@code org.modelgate.energy} with a fake {@code sysfsRoot} for readings a test can predict.
     *
     * @return the options
     */
    public static Option energy() {
        return modelgateBundle("org.modelgate.energy");
    }

    /** The architecture part of the native fragment's name for this JVM. */
    private static String nativeArchitecture() {
        String arch = System.getProperty("os.arch");
        switch (arch) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "aarch64":
                return "aarch64";
            default:
                throw new IllegalStateException("no ONNX Runtime native fragment for os.arch " + arch);
        }
    }

    /**
     * The drift feature: Apache Commons Numbers, RNG and Statistics, and org.modelgate.monitor.drift.
     *
     * @return the options
     */
    public static Option drift() {
        return composite(
                mavenBundle("org.apache.commons", "commons-numbers-core").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-numbers-arrays").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-numbers-fraction").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-numbers-gamma").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-numbers-combinatorics").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-numbers-rootfinder").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-rng-client-api").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-rng-sampling").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-statistics-distribution").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-statistics-descriptive").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-statistics-ranking").versionAsInProject(),
                mavenBundle("org.apache.commons", "commons-statistics-inference").versionAsInProject(),
                modelgateBundle("org.modelgate.monitor.drift"));
    }

    /**
     * The security bundle as the trust feature ships it: model signatures (ModelTrust) and the device key
     * (KeyProvider), each active once configured.
     *
     * @return the options
     */
    public static Option security() {
        return modelgateBundle("org.modelgate.security");
    }

    /**
     * The HTTP service (Jetty on the jakarta servlet whiteboard) on a free port of 127.0.0.1, and the
     * Open Inference Protocol REST bundle.
     *
     * @param port the port, see {@link #freePort()}
     * @return the options
     */
    public static Option rest(int port) {
        return composite(
                frameworkProperty("org.osgi.service.http.port").value(Integer.toString(port)),
                frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"),
                systemProperty(HTTP_PORT).value(Integer.toString(port)),
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject().noStart(),
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.http.jetty").versionAsInProject(),
                modelgateBundle("org.modelgate.oip"),
                modelgateBundle("org.modelgate.rest"));
    }

    /**
     * Monitoring as the monitor feature ships it: JCTools, the Prometheus client (with jsr305, whose
     * javax.annotation it imports), the record stream and the metrics bundle ({@code GET /metrics}). Goes with
     * {@link #rest(int)}, which brings the HTTP service.
     *
     * @return the options
     */
    public static Option monitor() {
        return composite(
                mavenBundle("org.jctools", "jctools-core").versionAsInProject(),
                mavenBundle("com.google.code.findbugs", "jsr305").versionAsInProject(),
                mavenBundle("io.prometheus", "prometheus-metrics-config").versionAsInProject(),
                mavenBundle("io.prometheus", "prometheus-metrics-model").versionAsInProject(),
                mavenBundle("io.prometheus", "prometheus-metrics-tracer-common").versionAsInProject(),
                mavenBundle("io.prometheus", "prometheus-metrics-core").versionAsInProject(),
                mavenBundle("io.prometheus", "prometheus-metrics-exposition-textformats").versionAsInProject(),
                modelgateBundle("org.modelgate.monitor"),
                modelgateBundle("org.modelgate.monitor.metrics"));
    }

    /**
     * Traffic policies as the traffic feature ships them, with the record stream they count requests from (JCTools
     * and org.modelgate.monitor, without the metrics bundle and its HTTP needs): Event Admin and the traffic bundle.
     *
     * @return the options
     */
    public static Option traffic() {
        return composite(
                mavenBundle("org.jctools", "jctools-core").versionAsInProject(),
                modelgateBundle("org.modelgate.monitor"),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                modelgateBundle("org.modelgate.traffic"));
    }

    /**
     * A Modelgate bundle: the file this build resolved, else the local repository's copy.
     *
     * @param artifactId the artifact id (= folder = symbolic name)
     * @return the option
     */
    public static org.ops4j.pax.exam.options.UrlProvisionOption modelgateBundle(String artifactId) {
        File file = bundleFile(artifactId);
        return bundle(file.toURI().toString());
    }

    /**
     * The jar of a Modelgate bundle, as resolved by Maven for this build.
     *
     * @param artifactId the artifact id
     * @return the jar
     */
    public static File bundleFile(String artifactId) {
        String resolved = System.getProperty("bundle." + artifactId);
        if (resolved != null && !resolved.isEmpty() && !resolved.startsWith("${")) {
            return new File(resolved);
        }
        String version = System.getProperty("modelgate.version", "0.1.0-SNAPSHOT");
        String repository = System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("user.home") + "/.m2/repository");
        return new File(repository + "/org/modelgate/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar");
    }

    /**
     * A TCP port free on 127.0.0.1 now.
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The folder for this run's files (target/itest under Maven).
     *
     * @return the folder
     */
    public static String itestDir() {
        return System.getProperty("modelgate.itest.dir", "target/itest");
    }
}
