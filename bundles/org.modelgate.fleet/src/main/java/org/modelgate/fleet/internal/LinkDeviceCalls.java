package org.modelgate.fleet.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.modelgate.fleet.Device;
import org.modelgate.fleet.DeviceQuery;
import org.modelgate.fleet.FleetSettings;
import org.modelgate.fleet.internal.federated.DeviceCalls;

/**
 * The controller's signed device commands as the federated aggregator sees them: the online devices of the registry,
 * and calls over the controller's link, resent with the same id until answered.
 */
final class LinkDeviceCalls implements DeviceCalls {
    private final DeviceRegistry registry;
    private final CommandSender sender;
    private final FleetSettings settings;

    LinkDeviceCalls(DeviceRegistry registry, CommandSender sender, FleetSettings settings) {
        this.registry = registry;
        this.sender = sender;
        this.settings = settings;
    }

    @Override
    public List<String> online(DeviceQuery query) {
        return registry.devices(query).stream().filter(Device::online).map(Device::id).sorted().toList();
    }

    @Override
    public Answer call(String device, String command, String id, Map<String, Object> body, Instant deadline,
            BooleanSupplier cancelled) throws TimeoutException, InterruptedException {
        CommandSender.Answer a = sender.call(device, command, id, body, deadline, cancelled);
        return new Answer(a.ok(), a.result(), a.error());
    }

    @Override
    public long pollWaitMillis() {
        return Math.max(200, settings.commandTimeout().toMillis() / 2);
    }

    @Override
    public int chunkBytes() {
        return settings.chunkBytes();
    }
}
