package org.modelgate.remote.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's topic names under {@code modelgate/{fleet}/{device}/}, and the parsing of command topics.
 *
 * @param fleet the fleet
 * @param device the device
 * @param groups the device's groups
 */
public record Topics(String fleet, String device, List<String> groups) {
    /** The root of every topic. */
    public static final String ROOT = "modelgate";

    /**
     * A command topic taken apart.
     *
     * @param command the command's name
     * @param group the group it was sent to, or null when sent to this device
     */
    public record CommandTopic(String command, String group) {
    }

    private String device(String leaf) {
        return ROOT + "/" + fleet + "/" + device + "/" + leaf;
    }

    /** @return retained {@code online}/{@code offline} */
    public String status() {
        return device("status");
    }

    /** @return retained state document */
    public String state() {
        return device("state");
    }

    /** @return telemetry summaries */
    public String telemetry() {
        return device("telemetry");
    }

    /** @return alerts */
    public String alerts() {
        return device("alerts");
    }

    /** @return where answers go when a request names no response topic */
    public String reply() {
        return device("reply");
    }

    /** @return the filters subscribed to: this device's commands and each group's */
    public List<String> commandFilters() {
        List<String> filters = new ArrayList<>();
        filters.add(device("cmd/+"));
        for (String group : groups) {
            filters.add(ROOT + "/" + fleet + "/group/" + group + "/cmd/+");
        }
        return filters;
    }

    /**
     * Takes a command topic apart.
     *
     * @param topic the topic a message arrived on
     * @return the command and group, or empty when the topic is not one of this device's command topics
     */
    public Optional<CommandTopic> command(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != 5 || !parts[0].equals(ROOT) || !parts[1].equals(fleet) || !parts[3].equals("cmd")
                || parts[4].isEmpty()) {
            return Optional.empty();
        }
        if (parts[2].equals(device)) {
            return Optional.of(new CommandTopic(parts[4], null));
        }
        return Optional.empty();
    }

    /**
     * Takes a group command topic apart ({@code modelgate/{fleet}/group/{group}/cmd/{command}}).
     *
     * @param topic the topic
     * @return the command and group, or empty
     */
    public Optional<CommandTopic> groupCommand(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != 6 || !parts[0].equals(ROOT) || !parts[1].equals(fleet) || !parts[2].equals("group")
                || !groups.contains(parts[3]) || !parts[4].equals("cmd") || parts[5].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CommandTopic(parts[5], parts[3]));
    }

    /**
     * Either kind of command topic.
     *
     * @param topic the topic
     * @return the command and group, or empty
     */
    public Optional<CommandTopic> anyCommand(String topic) {
        return command(topic).or(() -> groupCommand(topic));
    }
}
