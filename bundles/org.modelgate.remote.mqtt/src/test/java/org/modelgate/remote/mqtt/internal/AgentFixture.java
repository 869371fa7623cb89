package org.modelgate.remote.mqtt.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.modelgate.remote.mqtt.spool.Spool;

/** An agent for a test: its own folders under target/agents, the test commands, a spool in memory. */
final class AgentFixture implements AutoCloseable {
    final Path home;
    final Path trustStore;
    final TestCommands commands = new TestCommands();
    final MemorySpool spool = new MemorySpool();
    final AgentSettings settings;
    Agent agent;

    AgentFixture(String name, List<String> brokerUris, int maxPayloadBytes) throws Exception {
        home = Files.createDirectories(Path.of("target", "agents", name + "-" + System.nanoTime()).toAbsolutePath());
        trustStore = Files.createDirectories(home.resolve("etc/trust"));
        settings = new AgentSettings(brokerUris, "test", "dev1", List.of("lab"), null, null, null, trustStore, 0, 30,
                maxPayloadBytes, 10, 2, home.resolve("data/remote"));
    }

    Topics topics() {
        return new Topics(settings.fleet(), settings.device(), settings.groups());
    }

    Agent start() {
        agent = new Agent(settings, () -> commands.all, () -> (Spool) spool, () -> null,
                () -> Map.of("models", List.of(Map.of("name", "iris", "version", "1.0.0"))), Clock.systemUTC());
        agent.start();
        return agent;
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.stop();
        }
    }
}
