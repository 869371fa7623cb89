package org.modelgate.learn.client.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The digits data set (8x8 pixels 0..16, label 0..9) as CSV lines, and shards of it written as a gateway keeps them. */
final class Digits {
    static final int FEATURES = 64;

    private Digits() {
    }

    static List<String> lines() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Digits.class.getResourceAsStream("/data/digits.csv.gz")), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Writes every {@code shards}-th line starting at {@code shard} to {@code folder/part-1.csv}. */
    static int writeShard(Path folder, int shard, int shards) throws IOException {
        List<String> all = lines();
        List<String> mine = new ArrayList<>();
        for (int i = shard; i < all.size(); i += shards) {
            mine.add(all.get(i));
        }
        Files.createDirectories(folder);
        Files.write(folder.resolve("part-1.csv"), mine, StandardCharsets.UTF_8);
        return mine.size();
    }
}
