package org.modelgate.deploy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Moves a refused jar out of the deploy folder into {@code .refused/}, with a {@code <name>.reason} file
 * beside it, so it is neither installed nor tried again, and nothing is deleted. A name already taken there
 * gets a time stamp.
 */
final class RefusedJars {
    static final String FOLDER = ".refused";
    private final Path folder;

    RefusedJars(Path deployFolder) {
        this.folder = deployFolder.resolve(FOLDER);
    }

    /**
     * Moves the jar aside.
     *
     * @param jar the refused jar
     * @param reason why, one line
     * @return where it went
     * @throws IOException when it cannot be moved (it then stays where it is)
     */
    Path moveAside(Path jar, String reason) throws IOException {
        Files.createDirectories(folder);
        String name = jar.getFileName().toString();
        Path target = folder.resolve(name);
        if (Files.exists(target)) {
            String stem = name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
            target = folder.resolve(stem + "-" + System.currentTimeMillis() + ".jar");
        }
        Files.writeString(folder.resolve(target.getFileName() + ".reason"), Instant.now() + " " + reason + "\n",
                StandardCharsets.UTF_8);
        Files.move(jar, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
