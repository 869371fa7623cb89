/**
 * What the agent reports on its own: periodic telemetry summaries, health alerts and signed audit checkpoints,
 * offered to the store-and-forward spool. Private to the agent bundle.
 */
package org.modelgate.remote.mqtt.telemetry;
