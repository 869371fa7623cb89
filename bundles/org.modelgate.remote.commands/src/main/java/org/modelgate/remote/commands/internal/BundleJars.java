package org.modelgate.remote.commands.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.api.BundleInstaller;
import org.modelgate.api.InstalledBundle;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What {@code install} and {@code update} share: the jar arrives like a deploy's package (chunks or an https pull),
 * then goes to BundleInstaller.install, which takes signed jars of trusted bundle signers only. {@code install}
 * refuses a bundle installed already, {@code update} one that is not.
 */
final class BundleJars {
    private BundleJars() {
    }

    static Object run(CommandCall call, boolean update, PackageSources sources, BundleInstaller installer,
            BundleContext context) {
        Arrival arrival = sources.receive(call, ".jar");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("transfer", arrival.progress());
        if (!arrival.ready()) {
            return answer;
        }
        try {
            String name = VendorBundles.symbolicNameOf(arrival.file());
            Bundle installed = VendorBundles.find(context, name).orElse(null);
            if (update && installed == null) {
                VendorBundles.required(context, name);
            }
            if (!update && installed != null) {
                throw new CommandException(name + " " + installed.getVersion() + " is installed already; send it with "
                        + "update to replace it; nothing was installed");
            }
            InstalledBundle bundle = ServiceCalls.call((update ? "updating " : "installing ") + name + " from "
                    + arrival.file().getFileName(), () -> installer.install(arrival.file(), ServiceCalls.actor(call.signer())));
            answer.put("bundle", VendorBundles.json(bundle));
            return answer;
        } finally {
            sources.done(arrival);
        }
    }
}
