package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The first answers kept for replays: bounded by count and age, read back after a restart, a torn line skipped. */
class AnswerLogTest {
    private final Path folder = Path.of("target", "answer-logs", "t-" + System.nanoTime()).toAbsolutePath();

    @Test
    void theNewestIdsAreKeptAndTheFileIsRewrittenWhenItDoubles() throws Exception {
        AnswerLog log = new AnswerLog(folder, 3, Duration.ofHours(24), Clock.systemUTC());
        for (int i = 1; i <= 7; i++) {
            assertThat(log.claim("id-" + i)).isNull();
            log.complete("id-" + i, ("answer " + i).getBytes(StandardCharsets.UTF_8));
        }

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.claim("id-7").get()).asString(StandardCharsets.UTF_8).isEqualTo("answer 7");
        assertThat(log.claim("id-1")).as("forgotten: runs again").isNull();
        assertThat(Files.readAllLines(folder.resolve(AnswerLog.FILE))).hasSizeLessThanOrEqualTo(6);
    }

    @Test
    void answersSurviveARestartAndATornLastLineIsSkipped() throws Exception {
        AnswerLog log = new AnswerLog(folder, 10, Duration.ofHours(24), Clock.systemUTC());
        log.claim("a");
        log.complete("a", "first".getBytes(StandardCharsets.UTF_8));
        Files.writeString(folder.resolve(AnswerLog.FILE), "b\t12", java.nio.file.StandardOpenOption.APPEND);

        AnswerLog again = new AnswerLog(folder, 10, Duration.ofHours(24), Clock.systemUTC());

        assertThat(again.claim("a").get()).asString(StandardCharsets.UTF_8).isEqualTo("first");
        assertThat(again.claim("b")).isNull();
    }

    @Test
    void answersOlderThanTheRetentionAreForgotten() throws Exception {
        Instant start = Instant.parse("2026-12-07T00:00:00Z");
        AnswerLog log = new AnswerLog(folder, 10, Duration.ofHours(24), Clock.fixed(start, ZoneOffset.UTC));
        log.claim("old");
        log.complete("old", "x".getBytes(StandardCharsets.UTF_8));

        AnswerLog later = new AnswerLog(folder, 10, Duration.ofHours(24),
                Clock.fixed(start.plus(Duration.ofHours(25)), ZoneOffset.UTC));

        assertThat(later.claim("old")).isNull();
    }
}
