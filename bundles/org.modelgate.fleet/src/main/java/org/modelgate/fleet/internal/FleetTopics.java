package org.modelgate.fleet.internal;

import java.util.List;
import java.util.Optional;

/**
 * The controller's topics under {@code modelgate/{fleet}/}: what it reads of the agents, where it sends commands and
 * gets answers, where it publishes rollouts and takes operator commands.
 *
 * @param fleet the fleet
 * @param clientId the controller's client id (names its reply topic)
 */
record FleetTopics(String fleet, String clientId) {
    static final String ROOT = "modelgate";
    /** The topic level reserved for the controller (no device may be called so). */
    static final String CONTROLLER = "controller";

    /** A message of a device: its id and the leaf ({@code status}, {@code state}, {@code telemetry}). */
    record DeviceTopic(String device, String leaf) {
    }

    String base() {
        return ROOT + "/" + fleet + "/";
    }

    /** What the controller subscribes to. */
    List<String> filters() {
        return List.of(base() + "+/status", base() + "+/state", base() + "+/telemetry", replies(),
                base() + CONTROLLER + "/cmd/+");
    }

    String command(String device, String command) {
        return base() + device + "/cmd/" + command;
    }

    /** The response topic of the controller's commands. */
    String replies() {
        return base() + CONTROLLER + "/replies/" + clientId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    String rollout(String id) {
        return base() + CONTROLLER + "/rollouts/" + id;
    }

    String controllerStatus() {
        return base() + CONTROLLER + "/status";
    }

    String operatorReply() {
        return base() + CONTROLLER + "/reply";
    }

    /** The operator command of a topic {@code modelgate/{fleet}/controller/cmd/{command}}, if it is one. */
    Optional<String> operatorCommand(String topic) {
        String prefix = base() + CONTROLLER + "/cmd/";
        return topic.startsWith(prefix) && topic.indexOf('/', prefix.length()) < 0
                ? Optional.of(topic.substring(prefix.length())) : Optional.empty();
    }

    /** The device and leaf of {@code modelgate/{fleet}/{device}/{leaf}}, if the topic is one. */
    Optional<DeviceTopic> device(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length != 4 || !parts[0].equals(ROOT) || !parts[1].equals(fleet) || parts[2].equals(CONTROLLER)
                || parts[2].equals("group")) {
            return Optional.empty();
        }
        return Optional.of(new DeviceTopic(parts[2], parts[3]));
    }
}
