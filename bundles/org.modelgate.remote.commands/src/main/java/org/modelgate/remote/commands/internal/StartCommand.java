package org.modelgate.remote.commands.internal;

import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code start {"symbolic_name"}}: starts a vendor bundle the BundleInstaller installed (persistently: it stays so
 * across restarts); bundles of the distribution are refused. Answers the bundle and its state.
 */
@Component(property = RemoteCommand.NAME + "=start")
public final class StartCommand implements RemoteCommand {
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
        return BundleLifecycle.run(call, context, true);
    }
}
