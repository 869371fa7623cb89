package org.modelgate.learn.client.internal;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The remote command {@code learn}: the fleet controller's federated rounds reach the gateway through it (see
 * {@link LearnClient} for the actions). Signed like every command that changes the gateway: it spends CPU and writes
 * the round's state, and a round's settings decide what leaves the gateway. Active while PID {@value #PID} is
 * configured.
 */
@Component(service = {RemoteCommand.class, LearnCommand.class}, configurationPid = LearnCommand.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = RemoteCommand.NAME + "=learn")
@Designate(ocd = LearnClientConfig.class)
public final class LearnCommand implements RemoteCommand {
    /** The configuration PID. */
    public static final String PID = "org.modelgate.learn.client";
    private static final Logger LOG = Logger.getLogger(LearnCommand.class.getName());

    private final LearnClient client;
    private final ClientSettings settings;

    /**
     * @param context the bundle context (framework property {@code modelgate.home})
     * @param config the settings
     */
    @Activate
    public LearnCommand(BundleContext context, LearnClientConfig config) {
        String home = context.getProperty("modelgate.home");
        settings = ClientSettings.from(config, Path.of(home == null ? "." : home));
        client = new LearnClient(settings);
        LOG.log(Level.INFO, "learn client: tasks {0}, data in {1}", new Object[] {settings.tasks(), settings.dataDir()});
    }

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        return client.handle(call.body());
    }

    LearnClient client() {
        return client;
    }

    ClientSettings settings() {
        return settings;
    }

    @Deactivate
    void deactivate() {
        client.close();
    }
}
