package org.modelgate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mark bin/modelgate needs before it uses a class data archive: a whole boot went into it. */
class ClassArchiveMarkTest {
    @TempDir
    Path cds;

    @Test
    void givenTheArchiveBinModelgateNamedWhenTheGatewayHasStartedThenItIsMarked() throws Exception {
        Path archive = cds.resolve("modelgate-123.jsa.new");
        Main.markClassArchive(archive.toString());
        assertThat(cds.resolve("modelgate-123.jsa.new.started")).exists();
        assertThat(archive).as("the JVM writes the archive itself, at exit").doesNotExist();
    }

    @Test
    void givenNoArchiveNamedThenNothingIsWritten() throws Exception {
        Main.markClassArchive(null);
        Main.markClassArchive(" ");
        try (Stream<Path> files = Files.list(cds)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void givenAFolderThatCannotBeWrittenThenTheGatewayRunsOnWithoutTheMark() {
        Main.markClassArchive(cds.resolve("missing-folder").resolve("modelgate-1.jsa.new").toString());
        assertThat(cds.resolve("missing-folder")).doesNotExist();
    }
}
