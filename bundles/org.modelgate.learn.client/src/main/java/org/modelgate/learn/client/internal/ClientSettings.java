package org.modelgate.learn.client.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The learn client's settings as values (from PID {@value LearnCommand#PID}, or built by a test).
 *
 * @param tasks the tasks this gateway takes part in
 * @param dataDir the local data folder ({@code {dataDir}/{task}/*.csv})
 * @param maxTrainingSeconds longest local training of a round
 * @param maxEpochs most local epochs of a round
 * @param maxModelBytes largest global model accepted
 * @param chunkBytes largest update chunk per answer
 * @param device this gateway's name in its updates
 */
public record ClientSettings(Set<String> tasks, Path dataDir, int maxTrainingSeconds, int maxEpochs, int maxModelBytes,
        int chunkBytes, String device) {

    /** Settings with the defaults of the PID for the given tasks and folder. */
    public static ClientSettings of(Path dataDir, String device, String... tasks) {
        return new ClientSettings(Set.of(tasks), dataDir, 120, 20, 8 * 1024 * 1024, 96 * 1024, device);
    }

    static ClientSettings from(LearnClientConfig config, Path home) {
        String device = config.device().isBlank() ? hostName() : config.device();
        return new ClientSettings(Set.copyOf(List.of(config.tasks())), home.resolve(config.dataDir()),
                Math.max(1, config.maxTrainingSeconds()), Math.max(1, config.maxEpochs()), config.maxModelBytes(),
                Math.max(1024, config.chunkBytes()), device);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
