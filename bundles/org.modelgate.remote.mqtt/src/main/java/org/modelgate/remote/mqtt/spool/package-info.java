/** The agent's persistent store-and-forward queue for telemetry and alerts. Private to the agent bundle. */
package org.modelgate.remote.mqtt.spool;
