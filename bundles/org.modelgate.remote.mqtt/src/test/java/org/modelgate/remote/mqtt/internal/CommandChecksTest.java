package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditVerification;
import org.modelgate.json.StrictJson;
import org.modelgate.remote.CommandSignatures;

/** Each bad request gets an error answer naming its problem, and nothing runs (the checks, without a broker). */
class CommandChecksTest {
    private Path home;
    private Path trust;
    private TestCommands commands;
    private CommandDispatcher dispatcher;
    private ControllerKey key;
    private Map<String, Object> answer;

    @BeforeEach
    void givenADispatcherWithAControllerKey() throws Exception {
        home = Files.createDirectories(Path.of("target", "checks", "t-" + System.nanoTime()).toAbsolutePath());
        trust = Files.createDirectories(home.resolve("etc/trust"));
        key = ControllerKey.make(trust, "ctl");
        commands = new TestCommands();
        dispatcher = dispatcher();
    }

    private final List<String> audited = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Keeps what the agent records, as "actor action subject details". */
    private final AuditLog auditLog = new AuditLog() {
        @Override
        public AuditEntry record(String actor, String action, String subject, Map<String, String> details) {
            audited.add(actor + " " + action + " " + subject + " " + details);
            return null;
        }

        @Override
        public List<AuditEntry> tail(int n) {
            return List.of();
        }

        @Override
        public AuditVerification verify() {
            return null;
        }
    };

    private CommandDispatcher dispatcher() {
        return new CommandDispatcher("line-3", () -> commands.all, new ControllerKeys(trust),
                new AnswerLog(home.resolve("data/remote"), 1000, Duration.ofHours(24), Clock.systemUTC()), 1024,
                Clock.systemUTC(), () -> auditLog);
    }

    @Test
    void everyCommandIsAuditedWithItsIdSignerAndOutcome() {
        String payload = mutating("a1", Instant.now().plusSeconds(60));
        whenSending("count", payload, key.sign("count", payload));
        whenSending("count", mutating("a2", Instant.now().plusSeconds(60)), List.of());
        whenSending("echo", "{\"id\":\"a3\"}", List.of());

        assertThat(audited).hasSize(3);
        assertThat(audited.get(0)).startsWith("remote:ctl remote.command count a1 ").contains("signer=ctl")
                .contains("outcome=ok");
        assertThat(audited.get(1)).startsWith("remote remote.command count a2 ").contains("signer=unsigned")
                .contains("outcome=refused: command 'count' changes the gateway and must be signed");
        assertThat(audited.get(2)).startsWith("remote remote.command echo a3 ").contains("outcome=ok");
    }

    @Test
    void aGroupAnswerNamesTheDeviceThatAnsweredAndADirectAnswerDoesNot() throws Exception {
        whenSendingToGroup("echo", "{\"id\":\"g1\"}");
        assertThat(answer).containsEntry("id", "g1").containsEntry("device", "line-3").containsEntry("ok", true);

        whenSendingToGroup("reboot", "{\"id\":\"g2\"}");
        assertThat(answer).containsEntry("id", "g2").containsEntry("device", "line-3").containsEntry("ok", false);

        whenSending("echo", "{\"id\":\"d1\"}", List.of());
        assertThat(answer).containsEntry("id", "d1").containsEntry("ok", true).doesNotContainKey("device");
    }

    @Test
    void anOversizedPayloadIsRefused() {
        whenSending("echo", "{\"id\":\"big\",\"body\":{\"x\":\"" + "a".repeat(2000) + "\"}}", List.of());
        thenRefusedWith("over the limit of 1024 bytes");
    }

    @Test
    void anUnknownCommandIsRefusedListingTheKnownOnes() {
        whenSending("reboot", "{\"id\":\"u\"}", List.of());
        thenRefusedWith("unknown command 'reboot'; known: count, echo, fail");
        assertThat(answer).containsEntry("id", "u");
    }

    @Test
    void malformedJsonIsRefused() {
        whenSending("echo", "{\"id\":", List.of());
        thenRefusedWith("malformed JSON");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        whenSending("echo", "{\"id\":\"a\",\"id\":\"b\"}", List.of());
        thenRefusedWith("malformed JSON");
    }

    @Test
    void aRequestWithoutIdIsRefused() {
        whenSending("echo", "{\"body\":{}}", List.of());
        thenRefusedWith("no \"id\"");
    }

    @Test
    void anExpiredRequestIsRefused() {
        String payload = mutating("old", Instant.now().minusSeconds(5));
        whenSending("count", payload, key.sign("count", payload));
        thenRefusedWith("expired at");
        assertThat(commands.countRuns.get()).isZero();
        assertThat(audited).singleElement().asString().startsWith("remote:ctl remote.command count old ")
                .contains("outcome=refused: expired at");
    }

    @Test
    void aMutatingRequestWithoutExpiryIsRefused() {
        String payload = "{\"id\":\"noexp\"}";
        whenSending("count", payload, key.sign("count", payload));
        thenRefusedWith("needs \"expires\"");
    }

    @Test
    void anUnsignedMutatingRequestIsRefused() {
        whenSending("count", mutating("u1", Instant.now().plusSeconds(60)), List.of());
        thenRefusedWith("must be signed");
        assertThat(commands.countRuns.get()).isZero();
    }

    @Test
    void aSignatureOverAnotherPayloadIsRefused() {
        String payload = mutating("w1", Instant.now().plusSeconds(60));
        whenSending("count", payload, key.sign("count", mutating("w2", Instant.now().plusSeconds(60))));
        thenRefusedWith("bad signature");
        assertThat(commands.countRuns.get()).isZero();
    }

    @Test
    void aSignatureForAnotherCommandIsRefused() {
        String payload = mutating("w3", Instant.now().plusSeconds(60));
        whenSending("count", payload, key.sign("echo", payload));
        thenRefusedWith("bad signature");
    }

    @Test
    void aSignatureByAnUnknownKeyIsRefused() throws Exception {
        ControllerKey stranger = ControllerKey.make(home.resolve("elsewhere"), "stranger");
        String payload = mutating("s1", Instant.now().plusSeconds(60));
        whenSending("count", payload, stranger.sign("count", payload));
        thenRefusedWith("unknown key 'stranger'");
    }

    @Test
    void aSignatureByARevokedKeyIsRefused() throws Exception {
        ControllerKey.revoke(trust, "ctl");
        String payload = mutating("r1", Instant.now().plusSeconds(60));
        whenSending("count", payload, key.sign("count", payload));
        thenRefusedWith("key 'ctl' is revoked");
        assertThat(commands.countRuns.get()).isZero();
    }

    @Test
    void theKeyMayBeNamedByItsHint() throws Exception {
        String hint = org.modelgate.security.TrustStore.load(trust).keys().get(0).hint();
        String payload = mutating("h1", Instant.now().plusSeconds(60));
        List<UserProperty> signed = List.of(key.sign("count", payload).get(0),
                new UserProperty(CommandSignatures.KEY_PROPERTY, hint));
        whenSending("count", payload, signed);
        assertThat(answer).containsEntry("ok", true);
    }

    @Test
    void aCommandsOwnErrorIsTheAnswersError() {
        whenSending("fail", "{\"id\":\"f1\"}", List.of());
        thenRefusedWith("model 'nope' is not installed");
        assertThat(answer).containsEntry("id", "f1");
    }

    @Test
    void aReplayAfterARestartGetsTheFirstAnswerWithoutRunningAgain() {
        String payload = mutating("p1", Instant.now().plusSeconds(60));
        whenSending("count", payload, key.sign("count", payload));
        assertThat(answer).containsEntry("ok", true);

        dispatcher = dispatcher(); // a new agent over the same data/remote
        whenSending("count", payload, key.sign("count", payload));

        assertThat(answer).containsEntry("ok", true);
        assertThat(commands.countRuns.get()).isEqualTo(1);
        assertThat(audited).as("the run and the replay").hasSize(2);
        assertThat(audited.get(1)).startsWith("remote:ctl remote.command count p1 ")
                .contains("outcome=replay: the first answer was sent again; the command did not run again");
    }

    private static String mutating(String id, Instant expires) {
        return "{\"id\":\"" + id + "\",\"expires\":\"" + expires + "\",\"body\":{}}";
    }

    @SuppressWarnings("unchecked")
    private void whenSending(String command, String payload, List<UserProperty> properties) {
        String signature = properties.stream().filter(p -> p.getKey().equals("signature")).map(UserProperty::getValue)
                .findFirst().orElse(null);
        String keyName = properties.stream().filter(p -> p.getKey().equals("key")).map(UserProperty::getValue)
                .findFirst().orElse(null);
        byte[] bytes = dispatcher.answer(new CommandDispatcher.Request(command, null,
                payload.getBytes(StandardCharsets.UTF_8), signature, keyName));
        try {
            answer = (Map<String, Object>) StrictJson.read(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void whenSendingToGroup(String command, String payload) throws Exception {
        byte[] bytes = dispatcher.answer(new CommandDispatcher.Request(command, "lab",
                payload.getBytes(StandardCharsets.UTF_8), null, null));
        answer = (Map<String, Object>) StrictJson.read(bytes);
    }

    private void thenRefusedWith(String text) {
        assertThat(answer).containsEntry("ok", false);
        assertThat((String) answer.get("error")).contains(text);
    }
}
