package org.modelgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBundlesStartOrderConfigurationsVariablesAndFrameworkProperties() throws Exception {
        write("http", """
                {
                  // comments are allowed in feature files
                  "feature-resource-version": "1.0",
                  "id": "org.modelgate.features:http:1.0.0",
                  "variables": {"modelgate.http.port": 8080},
                  "framework-properties": {"org.osgi.service.http.port": "${modelgate.http.port}"},
                  "bundles": [
                    {"id": "org.apache.felix:org.apache.felix.http.jetty:5.1.26", "start-order": 15},
                    {"id": "org.slf4j:slf4j-api:1.7.36", "start-order": "4"},
                    {"id": "org.example:no-order:1.0"}
                  ],
                  "configurations": {
                    "org.apache.felix.http": {"org.osgi.service.http.port:Integer": "${modelgate.http.port}", "names": ["a", "b"]}
                  }
                }
                """);
        Feature feature = new FeatureReader(dir).read("http");

        assertThat(feature.id()).isEqualTo("org.modelgate.features:http:1.0.0");
        assertThat(feature.bundles()).extracting(b -> b.artifact().toString(), Feature.Bundle::startOrder).containsExactly(
                org.assertj.core.groups.Tuple.tuple("org.apache.felix:org.apache.felix.http.jetty:5.1.26", 15),
                org.assertj.core.groups.Tuple.tuple("org.slf4j:slf4j-api:1.7.36", 4),
                org.assertj.core.groups.Tuple.tuple("org.example:no-order:1.0", Feature.DEFAULT_START_ORDER));
        assertThat(feature.variables()).containsEntry("modelgate.http.port", 8080L);
        assertThat(feature.frameworkProperties()).containsEntry("org.osgi.service.http.port", "${modelgate.http.port}");
        assertThat(feature.configurations().get("org.apache.felix.http"))
                .containsEntry("org.osgi.service.http.port:Integer", "${modelgate.http.port}")
                .containsEntry("names", List.of("a", "b"));
    }

    @Test
    void aBundleWrittenAsAPlainStringIsAnErrorNotSilentlyDropped() throws Exception {
        write("bad", """
                {"id": "g:bad:1", "bundles": ["org.slf4j:slf4j-api:1.7.36"]}
                """);
        assertThatThrownBy(() -> new FeatureReader(dir).read("bad")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("bundles[0] is a plain string")
                .hasMessageContaining("{\"id\": \"org.slf4j:slf4j-api:1.7.36\"}");
    }

    @Test
    void aMissingFeatureListsTheAvailableOnes() throws Exception {
        write("core", "{\"id\": \"g:core:1\"}");
        write("http", "{\"id\": \"g:http:1\"}");
        assertThatThrownBy(() -> new FeatureReader(dir).read("rset")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("Feature 'rset' not found")
                .hasMessageContaining("rset.json does not exist")
                .hasMessageContaining("Available features: core, http");
    }

    @Test
    void brokenJsonAndBadValuesSayWhere() throws Exception {
        write("broken", "{\"id\": \"g:broken:1\",\n \"bundles\": [ {\"id\": } ]}");
        assertThatThrownBy(() -> new FeatureReader(dir).read("broken")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("broken.json is not valid JSON").hasMessageContaining("line 2");
        write("noid", "{\"bundles\": []}");
        assertThatThrownBy(() -> new FeatureReader(dir).read("noid")).hasMessageContaining("has no \"id\"");
        write("order", "{\"id\": \"g:o:1\", \"bundles\": [{\"id\": \"g:a:1\", \"start-order\": 0}]}");
        assertThatThrownBy(() -> new FeatureReader(dir).read("order")).hasMessageContaining("\"start-order\" must be a whole number >= 1");
        write("coords", "{\"id\": \"g:o:1\", \"bundles\": [{\"id\": \"g:a\"}]}");
        assertThatThrownBy(() -> new FeatureReader(dir).read("coords")).hasMessageContaining("'g:a' is not group:artifact:version");
    }

    @Test
    void everyFeatureOfTheRepositoryReads() throws Exception {
        Path features = Path.of("../../features");
        try (Stream<Path> files = Files.list(features)) {
            List<Path> jsons = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertThat(jsons).hasSizeGreaterThanOrEqualTo(6);
            for (Path json : jsons) {
                String name = json.getFileName().toString().replace(".json", "");
                Feature feature = FeatureReader.read(name, json);
                assertThat(feature.bundles()).as(name).isNotEmpty();
            }
        }
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(dir.resolve(name + ".json"), json);
    }
}
