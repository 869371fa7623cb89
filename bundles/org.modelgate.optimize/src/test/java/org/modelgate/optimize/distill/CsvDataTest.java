package org.modelgate.optimize.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.optimize.train.TestData;

/** The three CSV layouts --data takes, and errors that name the line and column. */
class CsvDataTest {
    @TempDir
    Path dir;

    @Test
    void scikitLearnsLayoutGivesTheLabelsAndTheirNames() throws Exception {
        CsvData data = CsvData.read(TestData.file("breast_cancer.csv"), null);

        assertThat(data.features()).hasNumberOfRows(569);
        assertThat(data.features()[0]).hasSize(30).startsWith(17.99f, 10.38f);
        assertThat(data.classNames()).containsExactly("malignant", "benign");
        assertThat(data.classCount()).isEqualTo(2);
        assertThat(CsvData.read(TestData.file("breast_cancer.csv"), "none").hasLabels()).isFalse();
    }

    @Test
    void scikitLearnsLayoutWithNumericClassNamesIsStillRecognised() throws Exception {
        Path file = write("s.csv", "2,3,0,1,2\n1,2,3,0\n4,5,6,2\n");

        CsvData data = CsvData.read(file, null);

        assertThat(data.features()).hasNumberOfRows(2);
        assertThat(data.labels()).containsExactly(0, 2);
        assertThat(data.classNames()).containsExactly("0", "1", "2");
    }

    @Test
    void aHeaderNamesTheLabelColumnAnywhere() throws Exception {
        Path file = write("h.csv", "a,class,b\n1.5,2,3\n4,0,6\n");

        CsvData data = CsvData.read(file, "class");

        assertThat(data.labels()).containsExactly(2, 0);
        assertThat(data.features()[0]).containsExactly(1.5f, 3f);
        assertThat(CsvData.read(file, null).hasLabels()).isFalse();
        assertThatThrownBy(() -> CsvData.read(file, "kind")).hasMessageContaining("has no column 'kind'")
                .hasMessageContaining("name (a, class, b), index 0..2 or 'last'");
    }

    @Test
    void aBareFileTakesAnIndexOrLastAndGzipIsRead() throws Exception {
        CsvData digits = CsvData.read(TestData.file("digits.csv.gz"), "last");

        assertThat(digits.features()).hasNumberOfRows(1797);
        assertThat(digits.features()[0]).hasSize(64);
        assertThat(digits.classCount()).isEqualTo(10);
        assertThat(CsvData.read(write("b.csv", "7,1,2\n8,0,3\n"), "0").labels()).containsExactly(7, 8);
    }

    @Test
    void aCellThatIsNoNumberNamesItsLineAndColumn() throws Exception {
        Path file = write("bad.csv", "a,b,label\n1,2,0\n3,x,1\n");

        assertThatThrownBy(() -> CsvData.read(file, "label"))
                .hasMessageContaining("line 3 column 2 is 'x', not a number");
        assertThatThrownBy(() -> CsvData.read(write("short.csv", "1,2,0\n3,1\n"), "last"))
                .hasMessageContaining("line 2 has 2 columns, expected 3");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
