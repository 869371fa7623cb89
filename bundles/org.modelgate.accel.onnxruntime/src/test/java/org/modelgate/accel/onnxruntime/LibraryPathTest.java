package org.modelgate.accel.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libraries are looked for where the dynamic linker looks: LD_LIBRARY_PATH, ld.so.conf and its includes, defaults. */
class LibraryPathTest {
    @TempDir
    Path root;

    @Test
    void theSearchOrderIsLdLibraryPathThenLdSoConfThenTheDefaults() {
        new FakeRoot(root).file("/etc/ld.so.conf", "# comment\ninclude /etc/ld.so.conf.d/*.conf\n/opt/first\n")
                .file("/etc/ld.so.conf.d/cuda.conf", "/usr/local/cuda-12.4/lib64  # CUDA\n")
                .file("/etc/ld.so.conf.d/notes.txt", "/not/included\n");

        LibraryPath path = LibraryPath.of(root, "/opt/mine::/opt/yours");

        assertThat(path.folders()).startsWith("/opt/mine", "/opt/yours", "/usr/local/cuda-12.4/lib64", "/opt/first", "/lib")
                .doesNotContain("/not/included");
    }

    @Test
    void theFirstFolderHoldingALibraryWinsAndMissingOnesAreListed() {
        new FakeRoot(root).file("/opt/cuda/libcudart.so.12").file("/usr/lib/x86_64-linux-gnu/libcuda.so.1")
                .file("/usr/lib/x86_64-linux-gnu/libcudart.so.12");

        LibraryPath path = LibraryPath.of(root, "/opt/cuda");

        assertThat(path.find("libcudart.so.12")).contains(root.resolve("opt/cuda/libcudart.so.12"));
        assertThat(path.missing(List.of("libcuda.so.1", "libcudart.so.12", "libcudnn.so.9", "libcublas.so.12")))
                .containsExactly("libcudnn.so.9", "libcublas.so.12");
    }

    @Test
    void anIncludeLoopOrAMissingConfIsHarmless() {
        new FakeRoot(root).file("/etc/ld.so.conf", "include /etc/ld.so.conf\n/opt/x\n");

        assertThat(LibraryPath.of(root, null).folders()).startsWith("/opt/x").contains("/usr/lib");
        assertThat(LibraryPath.of(root.resolve("nothing"), null).folders()).isEqualTo(LibraryPath.DEFAULT_FOLDERS);
    }
}
