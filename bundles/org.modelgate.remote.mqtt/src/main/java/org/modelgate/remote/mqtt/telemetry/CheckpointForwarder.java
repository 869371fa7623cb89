package org.modelgate.remote.mqtt.telemetry;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.CheckpointListener;
import org.modelgate.remote.mqtt.spool.Spool;
import org.modelgate.remote.mqtt.spool.SpoolService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * Offers every signed audit checkpoint to the spool, so that the audit log is anchored off the device. As
 * {@link Spool.Kind#ALERT}: a checkpoint is what proves later that nobody cut or rewrote the log, so it must outlast
 * the telemetry when the spool is full (it is small and comes rarely). Active only while PID
 * {@code org.modelgate.remote.mqtt} is configured.
 *
 * <pre>
 * {"type":"audit-checkpoint","device":"edge-7","time":"2026-12-07T05:30:00Z","sequence":101,"headHash":"9ab0...",
 *  "checkpointTime":"2026-12-07T05:29:59.120Z","keyId":"3f2a...","signature":"MEUCIQ...",
 *  "statement":"modelgate-audit-checkpoint/v1\n101\n9ab0...\n2026-12-07T05:29:59.120Z\n"}
 * </pre>
 */
@Component(configurationPid = SpoolService.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class CheckpointForwarder implements CheckpointListener {
    /** The payload's {@code type}. */
    static final String TYPE = "audit-checkpoint";

    private final AlertQueue queue;

    /**
     * Forwards checkpoints to the spool.
     *
     * @param spool the spool
     * @param config the device name
     */
    @Activate
    public CheckpointForwarder(@Reference Spool spool, TelemetryConfig config) {
        this(spool, config, Clock.systemUTC());
    }

    CheckpointForwarder(Spool spool, TelemetryConfig config, Clock clock) {
        this.queue = new AlertQueue(spool, config, clock);
    }

    @Modified
    void modified(TelemetryConfig config) {
        queue.configure(config);
    }

    @Override
    public void checkpointWritten(AuditCheckpoint checkpoint) {
        queue.offer("audit checkpoint " + checkpoint.sequence(), (device, now) -> payload(checkpoint, device, now));
    }

    static byte[] payload(AuditCheckpoint checkpoint, String device, Instant now) {
        return Json.payload(TYPE, device, now, json -> {
            json.writeNumberField("sequence", checkpoint.sequence());
            json.writeStringField("headHash", checkpoint.headHash());
            json.writeStringField("checkpointTime", checkpoint.time().toString());
            json.writeStringField("keyId", checkpoint.keyId());
            json.writeStringField("signature", Base64.getEncoder().encodeToString(checkpoint.signature()));
            json.writeStringField("statement", new String(checkpoint.signedBytes(), java.nio.charset.StandardCharsets.UTF_8));
        });
    }
}
