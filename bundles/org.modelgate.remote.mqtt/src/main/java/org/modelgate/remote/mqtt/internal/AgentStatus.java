package org.modelgate.remote.mqtt.internal;

import java.util.List;
import org.modelgate.remote.mqtt.spool.Spool;

/**
 * What {@code mg:remote} shows.
 *
 * @param connection the link's state (CONNECTED, CONNECTING, WAITING, ...) or REFUSED_CONFIG
 * @param broker the broker tried last, or null
 * @param clientId the MQTT client id
 * @param commandTopics the command filters subscribed to
 * @param statusTopic the retained status topic
 * @param spool the spool's counts, or null without a spool
 * @param sent telemetry and alerts delivered since start
 * @param answered commands answered ok
 * @param refused requests refused or failed
 * @param replayed replays answered with the first answer
 * @param busy requests dropped because every worker was busy and the queue full
 * @param connections connections made since start
 * @param lastError the last error, or null
 * @param refusedConfig why the configuration was refused, or null
 */
public record AgentStatus(String connection, String broker, String clientId, List<String> commandTopics,
        String statusTopic, Spool.Counts spool, long sent, long answered, long refused, long replayed, long busy,
        long connections, String lastError, String refusedConfig) {

    static AgentStatus refused(String why) {
        return new AgentStatus(BrokerLink.State.REFUSED_CONFIG.name(), null, null, List.of(), null, null, 0, 0, 0, 0, 0, 0,
                null, why);
    }
}
