package org.modelgate.remote.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which configurations the agent takes, and why it refuses the others. */
class AgentSettingsTest {
    private static final Path HOME = Path.of("/opt/modelgate");

    @Test
    void plainTcpToALoopbackBrokerIsAccepted() {
        AgentSettings settings = AgentSettings.of(config(false, "tcp://127.0.0.1:1884"), HOME);
        assertThat(settings.brokerUris()).containsExactly("tcp://127.0.0.1:1884");
        assertThat(settings.dataFolder()).isEqualTo(HOME.resolve("data/remote"));
        assertThat(settings.trustStore()).isEqualTo(HOME.resolve("etc/trust"));
    }

    @Test
    void plainTcpToAnotherHostIsRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> AgentSettings.of(config(false, "tcp://broker.example:1883"), HOME))
                .hasMessageContaining("plain TCP").hasMessageContaining("ssl://broker.example:8883")
                .hasMessageContaining("allowPlaintext=true");
    }

    @Test
    void plainTcpToAnotherHostIsAcceptedWhenAllowed() {
        assertThat(AgentSettings.of(config(true, "tcp://broker.example:1883"), HOME).usesTls()).isFalse();
    }

    @Test
    void aNameThatLooksLocalIsNotTrustedAsLoopback() {
        assertThat(AgentSettings.isLoopback("localhost")).isTrue();
        assertThat(AgentSettings.isLoopback("127.0.0.2")).isTrue();
        assertThat(AgentSettings.isLoopback("[::1]")).isTrue();
        assertThat(AgentSettings.isLoopback("localhost.evil.example")).isFalse();
    }

    @Test
    void anEmptyBrokerListIsRefused() {
        assertThatThrownBy(() -> AgentSettings.of(config(false), HOME)).hasMessageContaining("brokerUri is empty");
    }

    @Test
    void tlsIsAcceptedAndTheDeviceDefaultsToTheHostName() {
        AgentSettings settings = AgentSettings.of(config(false, "ssl://broker.example:8883"), HOME);
        assertThat(settings.usesTls()).isTrue();
        assertThat(settings.device()).isNotBlank().matches("[A-Za-z0-9._-]+");
    }

    @Test
    void listsFromACfgFileAreSplitAtCommas() {
        // given what Felix File Install hands over for brokerUri=... and groups=lab, eu: one string each
        assertThat(AgentSettings.entries(new String[] {"ssl://a.example:8883,ssl://b.example:8883"}))
                .containsExactly("ssl://a.example:8883", "ssl://b.example:8883");
        assertThat(AgentSettings.entries(new String[] {"lab, eu", "", "line"})).containsExactly("lab", "eu", "line");
        assertThat(AgentSettings.entries(null)).isEmpty();
    }

    private static AgentConfig config(boolean allowPlaintext, String... uris) {
        return new AgentConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AgentConfig.class;
            }

            @Override
            public String[] brokerUri() {
                return uris;
            }

            @Override
            public String fleet() {
                return "f";
            }

            @Override
            public String device() {
                return "";
            }

            @Override
            public String[] groups() {
                return new String[] {"lab"};
            }

            @Override
            public String caFile() {
                return "";
            }

            @Override
            public String certFile() {
                return "";
            }

            @Override
            public String keyFile() {
                return "";
            }

            @Override
            public String trustStore() {
                return "trust";
            }

            @Override
            public long sessionExpirySeconds() {
                return 0;
            }

            @Override
            public int keepAliveSeconds() {
                return 30;
            }

            @Override
            public int maxPayloadBytes() {
                return 262144;
            }

            @Override
            public long queueBytes() {
                return 1 << 20;
            }

            @Override
            public int telemetrySeconds() {
                return 60;
            }

            @Override
            public boolean allowPlaintext() {
                return allowPlaintext;
            }

            @Override
            public int connectTimeoutSeconds() {
                return 20;
            }

            @Override
            public int commandThreads() {
                return 2;
            }
        };
    }
}
