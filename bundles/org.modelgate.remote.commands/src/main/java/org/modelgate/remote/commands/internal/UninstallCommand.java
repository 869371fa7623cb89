package org.modelgate.remote.commands.internal;

import org.modelgate.api.BundleInstaller;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code uninstall {"symbolic_name"}}: removes a vendor bundle (BundleInstaller.uninstall); never a distribution one. */
@Component(property = RemoteCommand.NAME + "=uninstall")
public final class UninstallCommand implements RemoteCommand {
    @Reference
    BundleInstaller installer;

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        String name = call.text("symbolic_name");
        return VendorBundles.json(ServiceCalls.call("uninstalling " + name,
                () -> installer.uninstall(name, ServiceCalls.actor(call.signer()))));
    }
}
