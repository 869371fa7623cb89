package org.modelgate.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A Declarative Services component description ({@code OSGI-INF/*.xml}, named by the bundle's
 * {@code Service-Component} header), as far as a model host needs it to create a backend as DS would: the
 * implementation class, the activation (constructor parameters or activate method), the component properties,
 * and the references (which a host cannot satisfy).
 *
 * @param name the component name
 * @param implementation the implementation class
 * @param init the number of constructor parameters ({@code init}), 0 for the no-argument constructor
 * @param activate the activate method's name
 * @param properties the properties the description declares
 * @param references the references
 */
record ComponentDescription(String name, String implementation, int init, String activate, Map<String, Object> properties,
        List<Reference> references) {

    /**
     * A reference of the component.
     *
     * @param name the reference name
     * @param service the service interface
     * @param cardinality e.g. {@code 1..1}
     * @param parameter the constructor parameter it fills, or -1
     */
    record Reference(String name, String service, String cardinality, int parameter) {
        boolean mandatory() {
            return cardinality.startsWith("1");
        }
    }

    /**
     * Reads the descriptions a bundle's jar (or class folder) names in its {@code Service-Component} header.
     *
     * @param bundle the jar or folder
     * @return the descriptions, in header order
     * @throws IOException when the jar or a description cannot be read
     */
    static List<ComponentDescription> read(Path bundle) throws IOException {
        if (Files.isDirectory(bundle)) {
            return readFrom(bundle);
        }
        try (FileSystem jar = FileSystems.newFileSystem(bundle)) {
            return readFrom(jar.getPath("/"));
        }
    }

    private static List<ComponentDescription> readFrom(Path root) throws IOException {
        Path manifestFile = root.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(manifestFile)) {
            return List.of();
        }
        Manifest manifest;
        try (InputStream in = Files.newInputStream(manifestFile)) {
            manifest = new Manifest(in);
        }
        String header = manifest.getMainAttributes().getValue("Service-Component");
        List<ComponentDescription> descriptions = new ArrayList<>();
        if (header == null) {
            return descriptions;
        }
        for (String entry : header.split(",")) {
            String path = entry.trim();
            int attributes = path.indexOf(';');
            if (attributes >= 0) {
                path = path.substring(0, attributes).trim();
            }
            for (Path file : matching(root, path)) {
                try (InputStream in = Files.newInputStream(file)) {
                    descriptions.addAll(parse(in));
                }
            }
        }
        return descriptions;
    }

    private static List<Path> matching(Path root, String pattern) throws IOException {
        if (!pattern.contains("*")) {
            Path file = root.resolve(pattern);
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }
        int slash = pattern.lastIndexOf('/');
        Path folder = slash < 0 ? root : root.resolve(pattern.substring(0, slash));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(folder, pattern.substring(slash + 1))) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    static List<ComponentDescription> parse(InputStream xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList components = factory.newDocumentBuilder().parse(xml).getElementsByTagNameNS("*", "component");
            List<ComponentDescription> descriptions = new ArrayList<>();
            for (int i = 0; i < components.getLength(); i++) {
                descriptions.add(of((Element) components.item(i)));
            }
            return descriptions;
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("not a component description: " + e.getMessage(), e);
        }
    }

    private static ComponentDescription of(Element component) {
        String implementation = null;
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Reference> references = new ArrayList<>();
        NodeList children = component.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element child)) {
                continue;
            }
            switch (child.getLocalName() != null ? child.getLocalName() : child.getTagName()) {
                case "implementation" -> implementation = child.getAttribute("class");
                case "property" -> properties.put(child.getAttribute("name"), PropertyValue.of(child));
                case "reference" -> references.add(new Reference(child.getAttribute("name"), child.getAttribute("interface"),
                        child.getAttribute("cardinality").isEmpty() ? "1..1" : child.getAttribute("cardinality"),
                        child.getAttribute("parameter").isEmpty() ? -1 : Integer.parseInt(child.getAttribute("parameter"))));
                default -> {
                }
            }
        }
        String init = component.getAttribute("init");
        String activate = component.getAttribute("activate");
        return new ComponentDescription(component.getAttribute("name"), implementation,
                init.isEmpty() ? 0 : Integer.parseInt(init), activate.isEmpty() ? "activate" : activate,
                properties, List.copyOf(references));
    }

    /** A {@code <property>} element's value with its type, as DS reads it. */
    private static final class PropertyValue {
        static Object of(Element property) {
            String type = property.getAttribute("type").isEmpty() ? "String" : property.getAttribute("type");
            String value = property.getAttribute("value");
            if (!property.hasAttribute("value")) {
                List<Object> values = new ArrayList<>();
                for (String line : property.getTextContent().split("\n")) {
                    if (!line.isBlank()) {
                        values.add(scalar(type, line.trim()));
                    }
                }
                return values.toArray();
            }
            return scalar(type, value);
        }

        private static Object scalar(String type, String value) {
            return switch (type) {
                case "Integer" -> Integer.valueOf(value);
                case "Long" -> Long.valueOf(value);
                case "Boolean" -> Boolean.valueOf(value);
                case "Double" -> Double.valueOf(value);
                case "Float" -> Float.valueOf(value);
                case "Short" -> Short.valueOf(value);
                case "Byte" -> Byte.valueOf(value);
                case "Character", "Char" -> (char) Integer.parseInt(value);
                default -> value;
            };
        }
    }
}
