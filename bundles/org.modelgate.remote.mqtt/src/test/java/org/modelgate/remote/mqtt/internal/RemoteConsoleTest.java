package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.mqtt.spool.Spool;

/** What mg:remote prints: not configured, a refused configuration, a running agent. */
class RemoteConsoleTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void withoutAConfigurationItSaysWhichPidToSet() {
        new RemoteConsole(() -> out).remote();
        assertThat(printed()).contains("not configured").contains("org.modelgate.remote.mqtt");
    }

    @Test
    void aRefusedConfigurationSaysWhy() {
        RemoteConsole.print(AgentStatus.refused("brokerUri 'tcp://b:1883' is plain TCP ..."), out);
        assertThat(printed()).contains("configuration refused: brokerUri 'tcp://b:1883' is plain TCP");
    }

    @Test
    void aRunningAgentShowsConnectionQueueAndCounts() {
        RemoteConsole.print(new AgentStatus("CONNECTED", "ssl://b:8883", "modelgate-f-d", List.of("modelgate/f/d/cmd/+"),
                "modelgate/f/d/status", new Spool.Counts(12, 4031, 2, 0, 1), 1380, 41, 3, 1, 0, 3, null, null), out);
        assertThat(printed()).contains("CONNECTED ssl://b:8883").contains("modelgate-f-d").contains("modelgate/f/d/cmd/+")
                .contains("12 entries, 4031 bytes; dropped 2 telemetry, 0 alerts; refused 1; sent 1380")
                .contains("41 answered, 3 refused or failed, 1 replays").contains("last error   none");
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
