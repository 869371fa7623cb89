package org.modelgate.fleet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.modelgate.fleet.DeviceOutcome.Outcome;
import org.modelgate.fleet.FleetSettings;

/**
 * What the controller does to one device: deploy the package in chunks with {@code activate: true} (the last chunk
 * installs and activates it), or roll it back. Command ids are fixed per step ({@code <rollout>.<device>.d<offset>},
 * {@code <rollout>.<device>.rb}), so a controller restarted mid-way sends the same ids and the agents answer steps
 * they already ran with their first answer, running nothing twice.
 */
final class DeviceTasks {
    /** How a task ended. */
    record Result(Outcome outcome, String reason) {
    }

    private final CommandSender sender;
    private final Clock clock;
    private final FleetSettings settings;

    DeviceTasks(CommandSender sender, Clock clock, FleetSettings settings) {
        this.sender = sender;
        this.clock = clock;
        this.settings = settings;
    }

    Result deploy(RolloutRecord r, String device, BooleanSupplier cancelled) throws InterruptedException {
        Instant deadline = clock.instant().plus(r.plan.abort().perDeviceTimeout());
        String file = r.model + "-" + r.version + ".mgp";
        long offset = 0;
        try (FileChannel in = FileChannel.open(r.plan.packageFile(), StandardOpenOption.READ)) {
            while (offset < r.size) {
                if (cancelled.getAsBoolean()) {
                    return new Result(Outcome.PENDING, "not updated: the rollout was aborted (or the controller stopped) first");
                }
                int length = (int) Math.min(settings.chunkBytes(), r.size - offset);
                ByteBuffer chunk = ByteBuffer.allocate(length);
                while (chunk.hasRemaining() && in.read(chunk, offset + chunk.position()) > 0) {
                    // read the whole chunk
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("transfer", r.id);
                body.put("file", file);
                body.put("size", r.size);
                body.put("sha256", r.sha256);
                body.put("offset", offset);
                body.put("data", Base64.getEncoder().encodeToString(chunk.array()));
                body.put("activate", true);
                CommandSender.Answer answer;
                try {
                    // Not cancelled while a chunk waits for its answer: the last chunk may have activated the
                    // version, and only its answer says so (an aborted rollout then rolls the device back).
                    answer = sender.call(device, "deploy", r.id + "." + device + ".d" + offset, body, deadline, () -> false);
                } catch (TimeoutException e) {
                    return new Result(Outcome.TIMED_OUT, "no answer within " + r.plan.abort().perDeviceTimeout()
                            + " (deploy, chunk at offset " + offset + " of " + r.size + ")");
                }
                if (!answer.ok()) {
                    return new Result(Outcome.FAILED, answer.error());
                }
                offset += length;
                if (offset >= r.size) {
                    return activated(r, answer);
                }
            }
        } catch (IOException e) {
            return new Result(Outcome.FAILED, "the controller cannot read package " + r.plan.packageFile() + ": " + e);
        }
        return new Result(Outcome.FAILED, "empty package");
    }

    private static Result activated(RolloutRecord r, CommandSender.Answer answer) {
        Map<String, Object> result = answer.resultObject();
        Object model = result.get("model");
        String active = model instanceof Map<?, ?> m && m.get("active") != null ? String.valueOf(m.get("active")) : "";
        if (!Boolean.TRUE.equals(result.get("activated")) || !active.equals(r.version)) {
            return new Result(Outcome.FAILED, "deployed, but " + r.model + " " + (active.isEmpty() ? "has no active version"
                    : "serves " + active) + " instead of " + r.version);
        }
        return new Result(Outcome.UPDATED, "");
    }

    /**
     * Sends {@code rollback}: a gateway goes back to its previously committed version only on an explicit rollback (it
     * refuses to activate a version below the committed one), then checks that it serves {@code previous} again.
     */
    Result rollback(RolloutRecord r, String device, String previous) throws InterruptedException {
        Instant deadline = clock.instant().plus(r.plan.abort().perDeviceTimeout());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", r.model);
        try {
            CommandSender.Answer answer = sender.call(device, "rollback", r.id + "." + device + ".rb", body, deadline, () -> false);
            if (!answer.ok()) {
                return new Result(Outcome.ROLLBACK_FAILED, answer.error());
            }
            Object active = answer.resultObject().get("active");
            String serving = active == null ? "" : String.valueOf(active);
            if (!previous.isEmpty() && !previous.equals(serving)) {
                return new Result(Outcome.ROLLBACK_FAILED, "rolled back, but " + r.model + " "
                        + (serving.isEmpty() ? "has no active version" : "serves " + serving) + " instead of " + previous);
            }
            return new Result(Outcome.ROLLED_BACK, previous.isEmpty() ? "rolled back" : "back on " + previous);
        } catch (TimeoutException e) {
            return new Result(Outcome.ROLLBACK_FAILED, "no answer to rollback within " + r.plan.abort().perDeviceTimeout());
        }
    }
}
