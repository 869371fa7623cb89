package org.modelgate.learn.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.learn.UpdateCodec;
import org.modelgate.optimize.train.Network;
import org.modelgate.optimize.train.Standardization;
import org.modelgate.remote.CommandException;

/** The gateway's side of a round, action by action, on a real shard of digits. */
@SuppressWarnings("unchecked")
class LearnClientTest {
    @TempDir
    Path data;
    private LearnClient client;
    private int rows;
    private byte[] global;
    private Object answer;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aRoundTrainsOnLocalDataAndGivesTheUpdateInChunksWithItsHash() throws Exception {
        givenAGatewayWithAShardOfDigits();
        whenTheControllerAnnouncesRound(1);
        thenTheAnswerSays("state", "receiving");
        whenTheGlobalWeightsArriveInChunksOf(1000);
        whenFitIsAsked();
        thenTheAnswerSays("state", "training");
        float[] delta = thenTheUpdateArrivesInChunksOf(3000);
        assertEquals(global.length / 4, delta.length, "one delta value per parameter");
        assertTrue(norm(delta) > 0, "training moved the weights");
        Map<String, Object> status = client.status();
        Map<?, ?> round = (Map<?, ?>) ((Map<?, ?>) ((List<?>) status.get("tasks")).get(0)).get("last_round");
        assertEquals(rows, round.get("samples"), "every local row was used");
        assertTrue(((Number) round.get("accuracy_after")).doubleValue() > ((Number) round.get("accuracy_before")).doubleValue(),
                "local accuracy rose: " + round);
        assertEquals(global.length, ((Number) round.get("sent_bytes")).intValue(), "sent bytes counted");
    }

    @Test
    void weightsWithAnotherHashAreDiscardedAndFitIsRefused() throws Exception {
        givenAGatewayWithAShardOfDigits();
        Map<String, Object> announce = announcement(1);
        announce.put("sha256", "00".repeat(32));
        client.handle(announce);
        CommandException e = assertThrows(CommandException.class, () -> client.handle(weights(1, 0, global)));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains("send them again from offset 0"), e.getMessage());
        e = assertThrows(CommandException.class, () -> client.handle(body("fit", 1)));
        assertTrue(e.getMessage().contains("0 of " + global.length + " bytes"), e.getMessage());
    }

    @Test
    void aChunkOutOfOrderNamesTheOffsetToSend() throws Exception {
        givenAGatewayWithAShardOfDigits();
        whenTheControllerAnnouncesRound(1);
        CommandException e = assertThrows(CommandException.class,
                () -> client.handle(weights(1, 2000, Arrays.copyOfRange(global, 2000, 3000))));
        assertTrue(e.getMessage().contains("send the chunk at offset 0"), e.getMessage());
    }

    @Test
    void aTaskThatIsNotEnabledOrHasNoDataIsRefused() throws Exception {
        givenAGatewayWithAShardOfDigits();
        Map<String, Object> other = announcement(1);
        other.put("task", "faces");
        CommandException e = assertThrows(CommandException.class, () -> client.handle(other));
        assertTrue(e.getMessage().contains("not enabled"), e.getMessage());
        client.close();
        client = new LearnClient(ClientSettings.of(data, "gw-1", "digits", "empty"));
        Map<String, Object> empty = announcement(1);
        empty.put("task", "empty");
        e = assertThrows(CommandException.class, () -> client.handle(empty));
        assertTrue(e.getMessage().contains("no local data"), e.getMessage());
    }

    @Test
    void anAnnouncementWhoseSizeDoesNotFitTheLayersIsRefused() throws Exception {
        givenAGatewayWithAShardOfDigits();
        Map<String, Object> announce = announcement(1);
        announce.put("size", 400);
        CommandException e = assertThrows(CommandException.class, () -> client.handle(announce));
        assertTrue(e.getMessage().contains("has 2410 parameters"), e.getMessage());
    }

    @Test
    void anUpdateAskedOfAnotherRoundIsRefused() throws Exception {
        givenAGatewayWithAShardOfDigits();
        whenTheControllerAnnouncesRound(2);
        CommandException e = assertThrows(CommandException.class, () -> client.handle(body("update", 1)));
        assertTrue(e.getMessage().contains("its current round is 2"), e.getMessage());
    }

    @Test
    void aSecureRoundNeverAnswersTheUpdateUnmasked() throws Exception {
        givenAGatewayWithAShardOfDigits();
        Map<String, Object> announce = announcement(1);
        ((Map<String, Object>) announce.get("settings")).put("secureClip", 5.0);
        client.handle(announce);
        whenTheGlobalWeightsArriveInChunksOf(1000);
        whenFitIsAsked();
        Map<?, ?> part;
        do {
            Map<String, Object> ask = body("update", 1);
            ask.put("offset", 0);
            ask.put("wait", 5000);
            part = (Map<?, ?>) client.handle(ask);
        } while ("training".equals(part.get("state")));
        assertEquals("update_ready", part.get("state"), "no failure: " + part);
        assertEquals(true, part.get("secure"), "answer " + part);
        assertTrue(!part.containsKey("data") && !part.containsKey("sha256"), "no update, no hash of it: " + part);
        assertEquals(rows, part.get("samples"), "the aggregate figures are answered");
        Map<String, Object> input = body("secagg-input", 1);
        input.put("roundId", "r-1");
        input.put("data", "");
        CommandException e = assertThrows(CommandException.class, () -> client.handle(input));
        assertTrue(e.getMessage().contains("did not advertise") && e.getMessage().contains("secagg-advertise"),
                e.getMessage());
    }

    @Test
    void secureActionsAreRefusedInAPlainRound() throws Exception {
        givenAGatewayWithAShardOfDigits();
        whenTheControllerAnnouncesRound(1);
        Map<String, Object> advertise = body("secagg-advertise", 1);
        advertise.put("roundId", "r-1");
        advertise.put("clients", 3);
        advertise.put("threshold", 2);
        CommandException e = assertThrows(CommandException.class, () -> client.handle(advertise));
        assertTrue(e.getMessage().contains("not announced as a secure aggregation round"), e.getMessage());
    }

    private void givenAGatewayWithAShardOfDigits() throws Exception {
        rows = Digits.writeShard(data.resolve("digits"), 0, 4);
        client = new LearnClient(ClientSettings.of(data, "gw-1", "digits"));
        float[] mean = new float[64];
        float[] std = new float[64];
        Arrays.fill(mean, 5f);
        Arrays.fill(std, 6f);
        global = UpdateCodec.encode(Network.mlp(new Standardization(mean, std), new int[] {32}, 10, 7).parameters());
    }

    private void whenTheControllerAnnouncesRound(long round) {
        answer = client.handle(announcement(round));
    }

    private void whenTheGlobalWeightsArriveInChunksOf(int chunk) {
        for (int offset = 0; offset < global.length; offset += chunk) {
            answer = client.handle(weights(1, offset, Arrays.copyOfRange(global, offset, Math.min(global.length, offset + chunk))));
        }
        thenTheAnswerSays("complete", true);
    }

    private void whenFitIsAsked() {
        answer = client.handle(body("fit", 1));
    }

    private float[] thenTheUpdateArrivesInChunksOf(int chunk) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Map<?, ?> part;
        String sha = null;
        int size = -1;
        while (size < 0 || bytes.size() < size) {
            Map<String, Object> ask = body("update", 1);
            ask.put("offset", bytes.size());
            ask.put("length", chunk);
            ask.put("wait", 5000);
            part = (Map<?, ?>) client.handle(ask);
            if (!"update_ready".equals(part.get("state"))) {
                assertEquals("training", part.get("state"), "no failure: " + part);
                continue;
            }
            size = ((Number) part.get("size")).intValue();
            sha = (String) part.get("sha256");
            bytes.write(Base64.getDecoder().decode((String) part.get("data")));
        }
        assertEquals(sha, UpdateCodec.sha256(bytes.toByteArray()), "the hash covers the whole update");
        return UpdateCodec.decode(bytes.toByteArray(), size / 4);
    }

    private void thenTheAnswerSays(String field, Object value) {
        assertEquals(value, ((Map<?, ?>) answer).get(field), "answer " + answer);
    }

    private Map<String, Object> announcement(long round) {
        Map<String, Object> b = body("round", round);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("layers", List.of(64, 32, 10));
        settings.put("mean", java.util.Collections.nCopies(64, 5.0));
        settings.put("std", java.util.Collections.nCopies(64, 6.0));
        settings.put("epochs", 2);
        settings.put("learningRate", 0.05);
        settings.put("seed", 7);
        b.put("settings", settings);
        b.put("size", global.length);
        b.put("sha256", UpdateCodec.sha256(global));
        return b;
    }

    private Map<String, Object> weights(long round, int offset, byte[] chunk) {
        Map<String, Object> b = body("weights", round);
        b.put("offset", offset);
        b.put("data", Base64.getEncoder().encodeToString(chunk));
        return b;
    }

    private static Map<String, Object> body(String action, long round) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("action", action);
        b.put("task", "digits");
        b.put("round", round);
        return b;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
