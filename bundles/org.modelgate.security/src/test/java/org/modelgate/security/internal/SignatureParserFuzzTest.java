package org.modelgate.security.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.modelgate.security.ModelSignatureException;

/**
 * Fuzzes the parsers that read untrusted bytes: the bundle (before any signature check) and the
 * statement. Either may refuse with {@link ModelSignatureException}; any other exception, a hang or
 * a crash is a finding. Plain {@code mvn test} replays the committed inputs in
 * {@code src/test/resources/org/modelgate/security/internal/SignatureParserFuzzTestInputs/METHOD/};
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SignatureParserFuzzTest} fuzzes.
 */
class SignatureParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void bundle(byte[] input) {
        try {
            SigstoreBundle bundle = SigstoreBundle.parse(input);
            if (bundle.payload() == null || bundle.signature() == null || bundle.payloadType() == null) {
                throw new AssertionError("a parsed bundle lacks a part");
            }
        } catch (ModelSignatureException refused) {
            if (refused.problem() == null) {
                throw new AssertionError("a refusal without a problem kind");
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void statement(byte[] input) {
        try {
            ModelStatement statement = ModelStatement.parse(input);
            for (var file : statement.files()) {
                if (file.path().startsWith("/") || file.path().contains("..") && file.path().matches("(.*/)?\\.\\.(/.*)?")) {
                    throw new AssertionError("a traversing entry passed: " + file.path());
                }
            }
        } catch (ModelSignatureException refused) {
            if (refused.problem() == null) {
                throw new AssertionError("a refusal without a problem kind");
            }
        }
    }
}
