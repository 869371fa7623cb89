package org.modelgate.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.access.AccessDecision;
import org.modelgate.access.AccessDecision.Verdict;
import org.modelgate.access.AccessRequest;
import org.modelgate.access.AccessScope;
import org.modelgate.access.testing.TestPki;

/** Decisions on tokens and client certificates; denials counted and audited. */
class AccessControlServiceTest {
    @TempDir
    static Path pki;
    @TempDir
    Path etc;

    private static TestPki ca;
    private static TestPki otherCa;
    private final RecordingAudit audit = new RecordingAudit();
    private AccessControlService access;
    private String manager;
    private String inferrer;

    @BeforeAll
    static void givenTwoCas() throws Exception {
        ca = TestPki.create(pki.resolve("ca"), "Modelgate Test CA");
        ca.issue("ops", "CN=ops,O=Plant", null);
        otherCa = TestPki.create(pki.resolve("other"), "Someone Else CA");
        otherCa.issue("intruder", "CN=intruder", null);
    }

    @Test
    void managementWithoutCredentialIsUnauthenticatedWithAReason() throws Exception {
        givenAccess(true);
        AccessDecision decision = whenChecking(AccessScope.MANAGEMENT, null, List.of());

        assertThat(decision.verdict()).isEqualTo(Verdict.MISSING_CREDENTIAL);
        assertThat(decision.httpStatus()).isEqualTo(401);
        assertThat(decision.reason()).contains("POST /v2/repository/models/iris/load needs a credential with role manage");
        thenDeniedAndAudited("missing_credential", "anonymous");
    }

    @Test
    void wrongTokenAndInsufficientRoleAreForbidden() throws Exception {
        givenAccess(true);
        assertThat(whenChecking(AccessScope.MANAGEMENT, "Bearer mgt_notatoken", List.of()).verdict())
                .isEqualTo(Verdict.UNKNOWN_TOKEN);
        AccessDecision tooWeak = whenChecking(AccessScope.MANAGEMENT, "Bearer " + inferrer, List.of());
        assertThat(tooWeak.verdict()).isEqualTo(Verdict.INSUFFICIENT_ROLE);
        assertThat(tooWeak.httpStatus()).isEqualTo(403);
        assertThat(tooWeak.reason()).isEqualTo("token:camera may not call POST /v2/repository/models/iris/load: it needs role manage");
        assertThat(whenChecking(AccessScope.MANAGEMENT, "Basic b3BzOm9wcw==", List.of()).verdict())
                .isEqualTo(Verdict.MALFORMED_CREDENTIAL);
        assertThat(access.denied()).containsEntry("unknown_token", 1L).containsEntry("insufficient_role", 1L)
                .containsEntry("malformed_credential", 1L);
        assertThat(audit.entries).extracting(RecordingAudit.Entry::action).containsOnly("access.denied");
        assertThat(audit.entries.get(1).actor()).isEqualTo("token:camera");
    }

    @Test
    void aManageTokenMayManageAndInfer() throws Exception {
        givenAccess(false);
        AccessDecision decision = whenChecking(AccessScope.MANAGEMENT, "Bearer " + manager, List.of());
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.principal()).isEqualTo("token:deployer");
        assertThat(whenChecking(AccessScope.INFERENCE, "bearer " + manager, List.of()).allowed()).isTrue();
        assertThat(access.denied()).isEmpty();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void inferenceIsOpenOnlyWhenConfiguredSo() throws Exception {
        givenAccess(true);
        assertThat(whenChecking(AccessScope.INFERENCE, null, List.of()).principal()).isEqualTo("anonymous");

        givenAccess(false);
        assertThat(whenChecking(AccessScope.INFERENCE, null, List.of()).httpStatus()).isEqualTo(401);
        assertThat(whenChecking(AccessScope.INFERENCE, "Bearer " + inferrer, List.of()).allowed()).isTrue();
    }

    @Test
    void aClientCertificateOfTheCaIsAPrincipalAndOneOfAnotherCaIsRefused() throws Exception {
        givenAccess(true);
        AccessDecision ops = whenChecking(AccessScope.MANAGEMENT, null, chain(pki.resolve("ca/ops.crt.pem")));
        assertThat(ops.allowed()).isTrue();
        assertThat(ops.principal()).isEqualTo("cert:ops");

        AccessDecision intruder = whenChecking(AccessScope.MANAGEMENT, "Bearer " + manager,
                chain(pki.resolve("other/intruder.crt.pem")));
        assertThat(intruder.verdict()).isEqualTo(Verdict.UNTRUSTED_CERTIFICATE);
        assertThat(intruder.reason()).contains("CN=intruder").contains("not issued by the configured client CA");
        thenDeniedAndAudited("untrusted_certificate", "cert:intruder");
    }

    private void givenAccess(boolean inferenceOpen) throws Exception {
        Path tokens = etc.resolve("tokens");
        Files.deleteIfExists(tokens);
        manager = TokenFile.add(tokens, "deployer", "manage");
        inferrer = TokenFile.add(tokens, "camera", "infer");
        access = new AccessControlService(tokens, ca.caFile(), inferenceOpen, Set.of("infer", "manage"));
        access.audit = audit;
    }

    private AccessDecision whenChecking(AccessScope scope, String authorization, List<X509Certificate> chain) {
        return access.check(new AccessRequest(scope, "rest", "POST /v2/repository/models/iris/load", authorization, chain,
                "192.0.2.7"));
    }

    private void thenDeniedAndAudited(String reason, String actor) {
        assertThat(access.denied()).containsEntry(reason, 1L);
        RecordingAudit.Entry entry = audit.entries.get(audit.entries.size() - 1);
        assertThat(entry.action()).isEqualTo("access.denied");
        assertThat(entry.actor()).isEqualTo(actor);
        assertThat(entry.subject()).isEqualTo("POST /v2/repository/models/iris/load");
        assertThat(entry.details()).containsEntry("reason", reason).containsEntry("remote", "192.0.2.7")
                .containsEntry("transport", "rest");
    }

    private static List<X509Certificate> chain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return List.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }
}
