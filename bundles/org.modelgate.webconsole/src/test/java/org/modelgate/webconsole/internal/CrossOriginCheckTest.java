package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests count as sent by another site. */
class CrossOriginCheckTest {
    private static final String HOST = "127.0.0.1:8080";

    @Test
    void readingIsAllowedFromAnywhere() {
        assertThat(CrossOriginCheck.refusal("GET", HOST, "http://evil.example", "cross-site")).isNull();
        assertThat(CrossOriginCheck.refusal("HEAD", HOST, "http://evil.example", null)).isNull();
    }

    @Test
    void changesMustComeFromTheConsolesOwnOrigin() {
        assertThat(CrossOriginCheck.refusal("POST", HOST, "http://127.0.0.1:8080", "same-origin")).isNull();
        assertThat(CrossOriginCheck.refusal("POST", HOST, "http://127.0.0.1:8080", null)).isNull();
        assertThat(CrossOriginCheck.refusal("DELETE", HOST, null, "none")).isNull();

        assertThat(CrossOriginCheck.refusal("POST", HOST, "http://evil.example", null))
                .isEqualTo("a POST from another origin (http://evil.example, not 127.0.0.1:8080)");
        assertThat(CrossOriginCheck.refusal("POST", HOST, "http://127.0.0.1:9090", null)).isNotNull();
        assertThat(CrossOriginCheck.refusal("POST", HOST, "null", null)).isNotNull();
        assertThat(CrossOriginCheck.refusal("POST", HOST, "::not a uri::", null)).isNotNull();
        assertThat(CrossOriginCheck.refusal("POST", null, "http://127.0.0.1:8080", null)).isNotNull();
        assertThat(CrossOriginCheck.refusal("PUT", HOST, null, "same-site")).isEqualTo("a PUT from another site (Sec-Fetch-Site: same-site)");
        assertThat(CrossOriginCheck.refusal("POST", HOST, "http://127.0.0.1:8080", "cross-site")).isNotNull();
    }

    @Test
    void requestsWithoutBrowserHeadersAreLeftToAuthentication() {
        assertThat(CrossOriginCheck.refusal("POST", HOST, null, null)).isNull();
    }
}
