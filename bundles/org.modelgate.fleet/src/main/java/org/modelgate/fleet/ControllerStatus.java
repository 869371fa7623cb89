package org.modelgate.fleet;

/**
 * How the controller stands.
 *
 * @param connected whether it is connected to a broker now
 * @param broker the broker URI it is connected to (or tried last)
 * @param fleet the fleet it manages (second topic level)
 * @param keyId the id of the controller's own signing key
 * @param devices how many devices the registry holds
 * @param rollouts how many rollouts it holds
 * @param lastError the last connection or persistence error, empty when none
 */
public record ControllerStatus(boolean connected, String broker, String fleet, String keyId, int devices, int rollouts,
        String lastError) {
}
