/**
 * The contract of remote commands: what an operator or a fleet controller can ask a gateway over MQTT v5
 * ({@code modelgate/{fleet}/{device}/cmd/{command}}).
 *
 * <p>Each command is a {@link org.modelgate.remote.RemoteCommand} service (whiteboard) with the service property
 * {@value org.modelgate.remote.RemoteCommand#NAME}; the agent (bundle {@code org.modelgate.remote.mqtt}) finds them,
 * checks the request's signature, expiry and id, runs the command and answers. Bundles add commands of their own
 * by registering such a service.
 *
 * <p>The envelope: the MQTT payload is a JSON object
 * {@code {"id": "c-1", "expires": "2026-12-07T06:00:00Z", "body": {...}}}. {@code id} (1 to 128 printable ASCII
 * characters, unique per controller) is required; a request whose id was answered before gets that first answer
 * again and does not run twice. {@code expires} (ISO-8601) is required for commands that
 * {@link org.modelgate.remote.RemoteCommand#changesState() change the gateway}, optional otherwise; an expired
 * request is refused. {@code body} is optional. A command that changes the gateway carries the MQTT 5 user
 * properties {@value org.modelgate.remote.CommandSignatures#SIGNATURE_PROPERTY} and
 * {@value org.modelgate.remote.CommandSignatures#KEY_PROPERTY}, made by {@link org.modelgate.remote.CommandSignatures}
 * with a key whose public half is in the trust store's {@code controller/} folder. The answer goes to the request's
 * response topic with its correlation data (or to {@code modelgate/{fleet}/{device}/reply}):
 * {@code {"id": ..., "ok": true, "result": ...}} or {@code {"id": ..., "ok": false, "error": "..."}}. Every answer
 * carries the MQTT 5 user property {@code device} (the answering gateway's device name); the answer to a group command
 * ({@code modelgate/{fleet}/group/{group}/cmd/{command}}, answered by every gateway of the group on one topic) also
 * names it in the JSON: {@code {"id": ..., "device": "line-3", "ok": ..., ...}}.
 */
@Export
@Version("1.0.0")
package org.modelgate.remote;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
