package org.modelgate.remote.mqtt.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The agent's configuration, checked: every refusal names the property and what to write instead.
 *
 * @param brokerUris the brokers, in failover order
 * @param fleet the fleet
 * @param device this gateway's name
 * @param groups the groups it belongs to
 * @param caFile the CA file, or null
 * @param certFile the client certificate, or null
 * @param keyFile the client key, or null
 * @param trustStore the trust store folder
 * @param sessionExpirySeconds session expiry asked of the broker
 * @param keepAliveSeconds keep alive
 * @param maxPayloadBytes the largest command payload
 * @param connectTimeoutSeconds how long one connect may take
 * @param commandThreads threads running commands
 * @param dataFolder where the agent keeps its files ({@code data/remote})
 */
public record AgentSettings(List<String> brokerUris, String fleet, String device, List<String> groups, Path caFile,
        Path certFile, Path keyFile, Path trustStore, long sessionExpirySeconds, int keepAliveSeconds,
        int maxPayloadBytes, int connectTimeoutSeconds, int commandThreads, Path dataFolder) {
    private static final Pattern TOPIC_LEVEL = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * The entries of a list property, each also split at commas: a {@code .cfg} file (Felix File Install) gives a
     * list as one string, {@code groups=lab,eu}, where Configuration Admin or a {@code .config} file gives an array.
     */
    static List<String> entries(String[] values) {
        if (values == null) {
            return List.of();
        }
        return Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
    }

    /**
     * Checks a configuration.
     *
     * @param config the configuration
     * @param home the gateway home ({@code modelgate.home}): etc/ and data/ are under it
     * @return the settings
     * @throws IllegalArgumentException naming the property that is wrong and why
     */
    public static AgentSettings of(AgentConfig config, Path home) {
        List<String> uris = entries(config.brokerUri());
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("brokerUri is empty: name at least one broker, e.g. ssl://broker.example:8883");
        }
        for (String uri : uris) {
            checkUri(uri, config.allowPlaintext());
        }
        String device = config.device() == null || config.device().isBlank() ? hostName() : config.device().strip();
        String fleet = level("fleet", config.fleet());
        List<String> groups = new ArrayList<>();
        for (String g : entries(config.groups())) {
            groups.add(level("groups", g));
        }
        if (config.maxPayloadBytes() < 1024) {
            throw new IllegalArgumentException("maxPayloadBytes must be at least 1024, is " + config.maxPayloadBytes());
        }
        if (config.keyFile().isBlank() != config.certFile().isBlank()) {
            throw new IllegalArgumentException("certFile and keyFile go together: set both for a client certificate, or neither");
        }
        Path etc = home.resolve("etc");
        return new AgentSettings(uris, fleet, level("device", device), List.copyOf(groups), file(etc, config.caFile()),
                file(etc, config.certFile()), file(etc, config.keyFile()), file(etc, config.trustStore()),
                Math.max(0, config.sessionExpirySeconds()), Math.max(5, config.keepAliveSeconds()),
                config.maxPayloadBytes(), Math.max(1, config.connectTimeoutSeconds()),
                Math.max(1, config.commandThreads()), home.resolve("data").resolve("remote"));
    }

    /** @return true when some broker is reached over TLS */
    public boolean usesTls() {
        return brokerUris.stream().anyMatch(u -> u.startsWith("ssl://"));
    }

    private static void checkUri(String text, boolean allowPlaintext) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("brokerUri '" + text + "' is not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("brokerUri '" + text + "' needs a host and a port, e.g. ssl://broker.example:8883");
        }
        if (scheme.equals("ssl")) {
            return;
        }
        if (!scheme.equals("tcp")) {
            throw new IllegalArgumentException("brokerUri '" + text + "': use ssl:// (TLS) or tcp://, not " + scheme + "://");
        }
        if (!allowPlaintext && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("brokerUri '" + text + "' is plain TCP to a host that is not this one: commands"
                    + " and telemetry would cross the network unencrypted; use ssl://" + uri.getHost() + ":8883, or set"
                    + " allowPlaintext=true to accept that");
        }
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: never resolved here, so DNS cannot make it look local
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String level(String property, String value) {
        if (value == null || !TOPIC_LEVEL.matcher(value).matches()) {
            throw new IllegalArgumentException(property + " '" + value + "' cannot be a topic level: use letters, digits,"
                    + " '.', '_' and '-' only");
        }
        return value;
    }

    private static Path file(Path etc, String value) {
        return value == null || value.isBlank() ? null : etc.resolve(value.strip());
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
