package org.modelgate.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashReportTest {
    private static final String SIGFPE = """
            #
            # A fatal error has been detected by the Java Runtime Environment:
            #
            #  SIGFPE (0x8) at pc=0x00007f3a1c8e1a2b, pid=4711, tid=4725
            #
            # JRE version: OpenJDK Runtime Environment (17.0.13+11) (build 17.0.13+11-Debian-2deb12u1)
            # Java VM: OpenJDK 64-Bit Server VM (17.0.13+11-Debian-2deb12u1, mixed mode, sharing, tiered, compressed oops, compressed class ptrs, serial gc, linux-amd64)
            # Problematic frame:
            # C  [libonnxruntime.so+0x8e1a2b]  onnxruntime::Div<int>::Compute(onnxruntime::OpKernelContext*) const+0x1b
            #
            # No core dump will be written. Core dumps have been disabled.
            #

            ---------------  S U M M A R Y ------------

            Command Line: -Dmodelgate.home=/opt/modelgate org.modelgate.launcher.Main

            ---------------  T H R E A D  ---------------

            Current thread (0x00007f3a2c01e800):  JavaThread "modelgate-load" [_thread_in_native, id=4725, stack(0x00007f3a0c1fe000,0x00007f3a0c2ff000)]
            """;

    @Test
    void givenASignalInANativeLibrary_whenRead_thenSignalLibraryThreadAndPidAreKnown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hs_err_pid4711.log");
        Files.writeString(file, SIGFPE);

        CrashReport report = CrashReport.read(file).orElseThrow();

        assertEquals("SIGFPE", report.signal());
        assertEquals("libonnxruntime.so", report.library());
        assertEquals(4711, report.pid());
        assertEquals("modelgate-load", report.thread());
        assertEquals("SIGFPE in libonnxruntime.so (thread modelgate-load)", report.summary());
    }

    @Test
    void givenAnInternalError_whenParsed_thenItIsNamed() {
        String text = """
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  Internal Error (safepoint.cpp:123), pid=99, tid=100
                #  guarantee(false) failed: oops
                """;

        CrashReport report = CrashReport.parse(text).orElseThrow();

        assertEquals("Internal Error", report.signal());
        assertEquals(99, report.pid());
        assertEquals("Internal Error", report.summary());
    }

    @Test
    void givenAnotherFile_whenRead_thenNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "not a crash");
        assertTrue(CrashReport.read(file).isEmpty());
        assertTrue(CrashReport.read(dir.resolve("missing.log")).isEmpty());
    }
}
