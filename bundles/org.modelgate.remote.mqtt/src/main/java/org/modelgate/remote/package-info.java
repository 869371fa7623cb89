/**
 * The contract of remote commands: what an operator or a fleet controller can ask a gateway over MQTT v5
 * ({@code modelgate/{fleet}/{device}/cmd/{command}}).
 *
 * <p>Each command is a {@link org.modelgate.remote.RemoteCommand} service (whiteboard) with the service property
 * {@value org.modelgate.remote.RemoteCommand#NAME}; the agent (bundle {@code org.modelgate.remote.mqtt}) finds them,
 * checks the request's signature, expiry and id, runs the command and answers. Bundles add commands of their own
 * by registering such a service.
 */
@Export
@Version("1.0.0")
package org.modelgate.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
