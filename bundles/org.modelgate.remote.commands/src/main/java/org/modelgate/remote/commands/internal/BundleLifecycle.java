package org.modelgate.remote.commands.internal;

import java.util.Map;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** What {@code start} and {@code stop} share: a vendor bundle by {@code "symbolic_name"}, started or stopped. */
final class BundleLifecycle {
    private BundleLifecycle() {
    }

    static Map<String, Object> run(CommandCall call, BundleContext context, boolean start) {
        String name = call.text("symbolic_name");
        Bundle bundle = VendorBundles.required(context, name);
        try {
            if (start) {
                bundle.start();
            } else {
                bundle.stop();
            }
        } catch (BundleException | IllegalStateException e) {
            throw new CommandException((start ? "starting " : "stopping ") + name + " failed: " + e.getMessage(), e);
        }
        return VendorBundles.json(bundle);
    }
}
