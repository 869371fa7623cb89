package org.modelgate.remote.commands.internal;

import org.modelgate.api.BundleInstaller;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code update}: replaces an installed vendor bundle with a newer signed jar (same symbolic name), sent in chunks or pulled over HTTPS as for deploy (a {@code .jar}); BundleInstaller.install
 * verifies its signature and starts it. Answers {@code {"transfer", "bundle"}}.
 */
@Component(property = RemoteCommand.NAME + "=update")
public final class UpdateCommand implements RemoteCommand {
    @Reference
    BundleInstaller installer;

    @Reference
    PackageSources sources;

    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
    }

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        return BundleJars.run(call, true, sources, installer, context);
    }
}
