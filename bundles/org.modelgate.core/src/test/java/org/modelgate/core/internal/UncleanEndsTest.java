package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature: the record of unclean ends survives restarts as it was written, and a damaged line costs only itself. */
class UncleanEndsTest {
    @TempDir
    Path crash;

    @Test
    void endsAndSafeModeReadBackAsWritten() {
        UncleanEnds written = new UncleanEnds(DurableFiles.SYSTEM, crash);
        written.ends.add(new UncleanEnds.End(Instant.parse("2026-12-07T00:01:02Z"), "SIGFPE (0x8) in libonnxruntime.so\tsee x",
                List.of(new UncleanEnds.Implicated("div", "1.0.0", "in trial"),
                        new UncleanEnds.Implicated("iris", "1.0.0", "running 2 request(s)"))));
        written.safeSince = Instant.parse("2026-12-07T00:03:00Z");
        written.safeEnds = 2;
        written.safeCause = "SIGFPE";
        written.withheld.put("div", "1.0.0 in trial when the gateway died");
        written.write();

        UncleanEnds read = new UncleanEnds(DurableFiles.SYSTEM, crash).read();

        assertThat(read.ends).singleElement().satisfies(end -> {
            assertThat(end.found()).isEqualTo(Instant.parse("2026-12-07T00:01:02Z"));
            assertThat(end.cause()).as("tabs cannot break the line").isEqualTo("SIGFPE (0x8) in libonnxruntime.so see x");
            assertThat(end.implicated()).containsExactly(new UncleanEnds.Implicated("div", "1.0.0", "in trial"),
                    new UncleanEnds.Implicated("iris", "1.0.0", "running 2 request(s)"));
        });
        assertThat(read.safeSince).isEqualTo(Instant.parse("2026-12-07T00:03:00Z"));
        assertThat(read.safeEnds).isEqualTo(2);
        assertThat(read.withheld).containsEntry("div", "1.0.0 in trial when the gateway died").hasSize(1);
    }

    @Test
    void aDamagedLineIsSkippedAndTheRestIsRead() throws Exception {
        Files.writeString(crash.resolve(UncleanEnds.FILE_NAME), "# header\nend\tnot-a-time\tx\tdiv 1.0.0 loading\n"
                + "end\t2026-12-07T00:01:02Z\t\tdiv 1.0.0 loading\nheld\tdiv\t1.0.0 loading\ngarbage\n");

        UncleanEnds read = new UncleanEnds(DurableFiles.SYSTEM, crash).read();

        assertThat(read.ends).singleElement().satisfies(end -> assertThat(end.implicated())
                .containsExactly(new UncleanEnds.Implicated("div", "1.0.0", "loading")));
        assertThat(read.withheld).containsOnlyKeys("div");
    }

    @Test
    void anEmptyRecordLeavesNoFile() {
        UncleanEnds record = new UncleanEnds(DurableFiles.SYSTEM, crash);
        record.ends.add(new UncleanEnds.End(Instant.now(), "", List.of()));
        record.write();
        assertThat(record.file()).exists();

        record.ends.clear();
        record.write();

        assertThat(record.file()).doesNotExist();
        assertThat(new UncleanEnds(DurableFiles.SYSTEM, crash).read().ends).isEmpty();
    }
}
