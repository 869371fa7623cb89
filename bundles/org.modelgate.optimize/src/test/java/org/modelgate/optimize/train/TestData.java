package org.modelgate.optimize.train;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

import org.modelgate.optimize.distill.CsvData;

/** The real data sets in the test resources (copied from the shared data folder, as scikit-learn ships them). */
public final class TestData {
    private TestData() {
    }

    /** @return the path of a test resource under /data */
    public static Path file(String name) {
        try {
            return Path.of(TestData.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource /data/" + name, e);
        }
    }

    /** @return the 1797 8x8 digits (64 pixel values 0..16), classes 0..9 */
    public static Dataset digits() throws IOException {
        CsvData csv = CsvData.read(file("digits.csv.gz"), "last");
        return Dataset.of(csv.features(), csv.labels(), 10);
    }

    /** @return the 569 Wisconsin breast cancer rows (30 features), malignant 0 / benign 1 */
    public static Dataset breastCancer() throws IOException {
        CsvData csv = CsvData.read(file("breast_cancer.csv"), null);
        return Dataset.of(csv.features(), csv.labels(), 2);
    }
}
