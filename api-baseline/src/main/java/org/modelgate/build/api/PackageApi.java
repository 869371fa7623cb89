package org.modelgate.build.api;

import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.service.diff.Delta;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;
import aQute.bnd.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The API of one exported package as bnd's differ sees it (every public and protected class,
 * method, field and annotation, with the delta bnd assigns to adding or removing each), and the
 * package's version. Stored as text, one element a line, indented by depth, so a review shows what
 * changed:
 *
 * <pre>
 * # org.modelgate.spi 1.3.0
 * PACKAGE MINOR MAJOR org.modelgate.spi
 *   INTERFACE MINOR MAJOR org.modelgate.spi.InferenceBackend
 *     METHOD MAJOR MAJOR load(org.modelgate.spi.ModelArtifact)
 * </pre>
 *
 * @param name the package name
 * @param version the package's version ({@code @Version} of its package-info)
 * @param tree the package element of bnd's API tree
 */
public record PackageApi(String name, Version version, Tree tree) {
    private static final String INDENT = "  ";

    /**
     * The package element of a bundle's API tree, without what varies with the JDK that builds it
     * rather than with the package ({@code jdk.internal} annotations on methods inherited from
     * {@code Object}).
     */
    public static PackageApi of(Tree packageElement) {
        Tree.Data data = withoutJdkInternals(packageElement.serialize());
        Version version = Arrays.stream(data.children == null ? new Tree.Data[0] : data.children)
                .filter(child -> child.type == Type.VERSION).map(child -> Version.parseVersion(child.name))
                .findFirst().orElse(Version.emptyVersion);
        return new PackageApi(data.name, version, tree(data));
    }

    /** Reads a snapshot written by {@link #write(Path)}. */
    public static PackageApi read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        List<Tree.Data> stack = new ArrayList<>();
        List<List<Tree.Data>> children = new ArrayList<>();
        Tree.Data root = null;
        for (String line : lines) {
            int depth = 0;
            while (line.startsWith(INDENT, depth * INDENT.length())) {
                depth++;
            }
            String[] parts = line.substring(depth * INDENT.length()).split(" ", 4);
            if (parts.length != 4 || depth > stack.size() || (depth == 0 && root != null)) {
                throw new IOException(file + ": not an API snapshot line: " + line);
            }
            Tree.Data data = new Tree.Data();
            data.type = Type.valueOf(parts[0]);
            data.add = Delta.valueOf(parts[1]);
            data.rem = Delta.valueOf(parts[2]);
            data.name = unescape(parts[3]);
            while (stack.size() > depth) {
                close(stack, children);
            }
            if (depth == 0) {
                root = data;
            } else {
                children.get(depth - 1).add(data);
            }
            stack.add(data);
            children.add(new ArrayList<>());
        }
        while (!stack.isEmpty()) {
            close(stack, children);
        }
        if (root == null) {
            throw new IOException(file + ": empty API snapshot");
        }
        return of(tree(root));
    }

    /** Writes the snapshot (a header naming the package and version, then the tree). */
    public void write(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(name).append(' ').append(version).append('\n')
                .append("# API of the exported package as bnd's differ sees it; written by api-baseline (README.md), never by hand.\n");
        append(text, tree, 0);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void append(StringBuilder text, Tree element, int depth) {
        text.append(INDENT.repeat(depth)).append(element.getType()).append(' ').append(element.ifAdded()).append(' ')
                .append(element.ifRemoved()).append(' ').append(escape(element.getName())).append('\n');
        for (Tree child : element.getChildren()) {
            append(text, child, depth + 1);
        }
    }

    private static Tree tree(Tree.Data data) {
        try {
            return new DiffPluginImpl().deserialize(data);
        } catch (Exception e) { // declared, never thrown: it only builds elements
            throw new IllegalStateException("bnd cannot rebuild the API tree of " + data.name, e);
        }
    }

    private static void close(List<Tree.Data> stack, List<List<Tree.Data>> children) {
        int last = stack.size() - 1;
        stack.get(last).children = children.get(last).toArray(Tree.Data[]::new);
        stack.remove(last);
        children.remove(last);
    }

    /**
     * Drops what bnd copies from {@code java.lang.Object} and that differs between JDKs, not between
     * versions of the package: {@code jdk.internal} annotations, and the deprecation JDK 18 put on
     * {@code finalize()}. Snapshots are recorded on JDK 17, the project's Java.
     */
    private static Tree.Data withoutJdkInternals(Tree.Data data) {
        if (data.children != null) {
            boolean finalizer = data.type == Type.METHOD && data.name.equals("finalize()");
            data.children = Arrays.stream(data.children)
                    .filter(child -> !(child.type == Type.ANNOTATED && (child.name.startsWith("jdk.internal.")
                            || finalizer && child.name.equals("java.lang.Deprecated"))))
                    .map(PackageApi::withoutJdkInternals).toArray(Tree.Data[]::new);
        }
        return data;
    }

    private static String escape(String name) {
        return name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                char next = name.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
