package org.modelgate.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.modelgate.host.HostNotUsableException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The class path of a model host for one backend: the jar of the backend's bundle and of every bundle it is
 * wired to (transitively), their attached fragments, the jars embedded on their {@code Bundle-ClassPath}, and the
 * folders of their {@code Bundle-NativeCode} libraries for this platform (extracted once into the host bundle's
 * data area, never into a temp folder that may be mounted noexec).
 *
 * @param classpath jars and folders, the backend's first
 * @param nativeFolders folders for java.library.path
 * @param backendJar the backend bundle's own jar or folder
 */
record BundleClasspath(List<Path> classpath, List<Path> nativeFolders, Path backendJar) {

    /**
     * Collects the class path.
     *
     * @param backend the backend's bundle
     * @param also bundles the host needs besides (api, spi, the host bundle)
     * @param context the host bundle's context (its properties name the distribution's folders)
     * @param extracted where embedded jars and native libraries are extracted to
     * @throws HostNotUsableException when a bundle's jar is not a readable file, saying which and where it came from
     */
    static BundleClasspath of(Bundle backend, List<Bundle> also, BundleContext context, Path extracted) {
        Set<Bundle> bundles = new LinkedHashSet<>();
        Deque<Bundle> todo = new ArrayDeque<>();
        todo.add(backend);
        todo.addAll(also);
        while (!todo.isEmpty()) {
            Bundle bundle = todo.poll();
            if (bundle == null || bundle.getBundleId() == 0 || !bundles.add(bundle)) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            // classes only: packages and required bundles (an extender or service wire brings no class a backend loads)
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                todo.add(wire.getProvider().getBundle());
            }
            for (BundleWire wire : wiring.getRequiredWires(BundleNamespace.BUNDLE_NAMESPACE)) {
                todo.add(wire.getProvider().getBundle());
            }
            for (BundleWire wire : wiring.getProvidedWires(HostNamespace.HOST_NAMESPACE)) {
                todo.add(wire.getRequirer().getBundle()); // fragments: the ONNX Runtime natives
            }
        }
        List<Path> classpath = new ArrayList<>();
        List<Path> natives = new ArrayList<>();
        Path backendJar = null;
        for (Bundle bundle : bundles) {
            Path jar = jarOf(bundle, context, backend, extracted);
            if (bundle == backend) {
                backendJar = jar;
            }
            Path folder = extracted.resolve(bundle.getSymbolicName() + "_" + bundle.getVersion() + "_" + bundle.getLastModified());
            classpath.addAll(classpathOf(bundle, jar, folder));
            Path nativeFolder = nativesOf(bundle, folder.resolve("native"));
            if (nativeFolder != null) {
                natives.add(nativeFolder);
            }
        }
        Path framework = frameworkJar();
        if (framework != null) {
            classpath.add(framework); // org.osgi.framework types in backends' constructors (a null BundleContext)
        }
        return new BundleClasspath(List.copyOf(classpath), List.copyOf(natives), backendJar);
    }

    /**
     * The file a bundle was installed from: its {@code file:} or {@code reference:file:} location, or for a
     * {@code mvn:} location the artifact in the distribution's {@code system} folder or the local Maven repository.
     */
    static Path jarOf(Bundle bundle, BundleContext context, Bundle backend, Path extracted) {
        String location = bundle.getLocation();
        String plain = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        List<Path> tried = new ArrayList<>();
        try {
            if (plain.startsWith("file:")) {
                tried.add(plain.startsWith("file:/") ? Path.of(URI.create(plain)) : Path.of(plain.substring(5)));
            } else if (plain.startsWith("mvn:")) {
                tried.addAll(mavenCandidates(plain.substring(4), context));
            }
        } catch (RuntimeException e) {
            // an unusual location: reported below with what was tried
        }
        for (Path path : tried) {
            if (Files.isReadable(path)) {
                return path.toAbsolutePath();
            }
        }
        Path copy = copyOfContent(bundle, extracted);
        if (copy != null) {
            return copy;
        }
        throw new HostNotUsableException("a model host for backend bundle " + backend.getSymbolicName() + " needs the jar of "
                + "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + ", installed from '" + location
                + "', which is not a readable file" + (tried.isEmpty() ? " (only file: and mvn: locations can be read)"
                        : " (tried " + tried + ")") + ", and whose entries could not be read from the framework either");
    }

    /**
     * A jar written from the bundle's entries as the framework holds them: for a location that names no file
     * (a link: or http: URL, a stream installed under a made-up name). Written once per bundle revision.
     */
    private static Path copyOfContent(Bundle bundle, Path extracted) {
        java.util.Enumeration<URL> entries = bundle.findEntries("/", "*", true);
        if (entries == null) {
            return null;
        }
        Path jar = extracted.resolve(bundle.getSymbolicName() + "_" + bundle.getVersion() + "_" + bundle.getLastModified()
                + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path partial = jar.resolveSibling(jar.getFileName() + ".part");
        try {
            Files.createDirectories(extracted);
            String root = bundle.getEntry("/").toString();
            try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(partial))) {
                while (entries.hasMoreElements()) {
                    URL entry = entries.nextElement();
                    String name = entry.toString().substring(root.length());
                    if (name.isEmpty() || name.endsWith("/")) {
                        continue;
                    }
                    out.putNextEntry(new java.util.zip.ZipEntry(name));
                    try (InputStream in = entry.openStream()) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Path> mavenCandidates(String coordinates, BundleContext context) {
        String plain = coordinates.contains("!") ? coordinates.substring(coordinates.indexOf('!') + 1) : coordinates;
        String[] parts = plain.split("/");
        if (parts.length < 3) {
            return List.of();
        }
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
        String classifier = parts.length > 4 && !parts[4].isEmpty() ? "-" + parts[4] : "";
        String relative = parts[0].replace('.', '/') + "/" + parts[1] + "/" + parts[2] + "/" + parts[1] + "-" + parts[2]
                + classifier + "." + type;
        List<Path> candidates = new ArrayList<>();
        String system = context.getProperty("modelgate.system.dir");
        String home = context.getProperty("modelgate.home");
        if (system != null) {
            candidates.add(Path.of(system).resolve(relative));
        }
        if (home != null) {
            candidates.add(Path.of(home, "system").resolve(relative));
        }
        String local = context.getProperty("org.ops4j.pax.url.mvn.localRepository");
        candidates.add(Path.of(local != null ? local : System.getProperty("user.home") + "/.m2/repository").resolve(relative));
        return candidates;
    }

    private static List<Path> classpathOf(Bundle bundle, Path jar, Path folder) {
        String header = bundle.getHeaders("").get("Bundle-ClassPath");
        if (header == null || header.isBlank()) {
            return List.of(jar);
        }
        List<Path> entries = new ArrayList<>();
        for (String clause : Headers.clauses(header)) {
            String entry = Headers.parts(clause).get(0);
            if (entry.equals(".") || entry.equals("/")) {
                entries.add(jar);
            } else {
                Path file = extract(bundle, entry, folder.resolve("classpath").resolve(entry.replace('/', '_')));
                if (file != null) {
                    entries.add(file);
                }
            }
        }
        return entries;
    }

    private static Path nativesOf(Bundle bundle, Path folder) {
        String header = bundle.getHeaders("").get("Bundle-NativeCode");
        if (header == null || header.isBlank()) {
            return null;
        }
        for (String clause : Headers.clauses(header)) {
            List<String> parts = Headers.parts(clause);
            List<String> libraries = new ArrayList<>();
            boolean os = true;
            boolean processor = true;
            List<String> osNames = new ArrayList<>();
            List<String> processors = new ArrayList<>();
            for (String part : parts) {
                int equals = part.indexOf('=');
                if (equals < 0) {
                    libraries.add(part);
                } else {
                    String key = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                    String value = Headers.unquote(part.substring(equals + 1).trim());
                    if (key.equals("osname")) {
                        osNames.add(value);
                    } else if (key.equals("processor")) {
                        processors.add(value);
                    }
                }
            }
            if (!osNames.isEmpty()) {
                os = osNames.stream().anyMatch(n -> System.getProperty("os.name").equalsIgnoreCase(n));
            }
            if (!processors.isEmpty()) {
                processor = processors.stream().anyMatch(p -> Headers.processor(p).equals(Headers.processor(System.getProperty("os.arch"))));
            }
            if (os && processor && !libraries.isEmpty()) {
                for (String library : libraries) {
                    extract(bundle, library, folder.resolve(Path.of(library).getFileName().toString()));
                }
                return folder;
            }
        }
        return null;
    }

    /** Copies a bundle entry to {@code target} unless a copy of the same size is there already. */
    private static Path extract(Bundle bundle, String entry, Path target) {
        URL url = bundle.getEntry(entry);
        if (url == null) { // a Bundle-ClassPath entry that an attached fragment carries (DJL's PyTorch engine)
            int slash = entry.lastIndexOf('/');
            java.util.Enumeration<URL> found = bundle.findEntries(slash < 0 ? "/" : entry.substring(0, slash),
                    entry.substring(slash + 1), false);
            url = found != null && found.hasMoreElements() ? found.nextElement() : null;
        }
        if (url == null) {
            return null;
        }
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = url.openStream()) {
                if (Files.isRegularFile(target)) {
                    return target; // the folder's name holds the bundle's last modification: same bundle, same file
                }
                Path partial = target.resolveSibling(target.getFileName() + ".part");
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new HostNotUsableException("cannot extract " + entry + " of bundle " + bundle.getSymbolicName() + " to " + target
                    + " for a model host: " + e.getMessage(), e);
        }
    }

    private static Path frameworkJar() {
        try {
            var source = Bundle.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
                return Path.of(source.getLocation().toURI());
            }
        } catch (Exception e) {
            // no framework jar to add: backends that name framework types in their constructors cannot run in a host
        }
        return null;
    }
}
