package org.modelgate.remote.mqtt.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * The agent's {@link Spool} as a service: a {@link DiskSpool} in {@code <modelgate.home>/data/remote/spool},
 * {@code queueBytes} from PID {@code org.modelgate.remote.mqtt}. A change of capacity applies at once (dropping
 * what no longer fits, counted); a change of folder reopens the spool. The service is private to this bundle (its
 * package is not exported).
 */
@Component(service = Spool.class, configurationPid = SpoolService.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SpoolService implements Spool {
    /** The agent's PID, which the spool shares. */
    public static final String PID = "org.modelgate.remote.mqtt";
    private static final System.Logger LOG = System.getLogger(SpoolService.class.getName());

    private final BundleContext context;
    private volatile DiskSpool spool;
    private Path folder;

    /**
     * Opens the spool.
     *
     * @param context the bundle's context (for {@code modelgate.home} and the data area)
     * @param config the configuration
     * @throws IOException when the folder cannot be used; the message names it
     */
    @Activate
    public SpoolService(BundleContext context, SpoolConfig config) throws IOException {
        this.context = context;
        open(config);
    }

    private void open(SpoolConfig config) throws IOException {
        folder = folder(config);
        DiskSpool opened = DiskSpool.open(folder, Math.max(1, config.queueBytes()));
        if (opened.recovery().cut()) {
            LOG.log(System.Logger.Level.WARNING, opened.recovery().message());
        }
        Counts counts = opened.counts();
        LOG.log(System.Logger.Level.INFO, "spool " + folder + ": " + counts.entries() + " entries (" + counts.bytes()
                + " of " + opened.capacity() + " bytes) waiting");
        spool = opened;
    }

    private Path folder(SpoolConfig config) {
        if (!config.spoolFolder().isBlank()) {
            return Path.of(config.spoolFolder());
        }
        String home = context.getProperty("modelgate.home");
        return home != null ? Path.of(home, "data", "remote", "spool") : context.getDataFile("spool").toPath();
    }

    @Modified
    void modified(SpoolConfig config) throws IOException {
        if (folder(config).equals(folder)) {
            spool.capacity(Math.max(1, config.queueBytes()));
            return;
        }
        DiskSpool old = spool;
        synchronized (old) {
            open(config);
            old.close();
        }
    }

    @Deactivate
    void deactivate() {
        spool.close();
    }

    /**
     * What opening the spool cut off a damaged journal (for {@code mg:remote}).
     *
     * @return the recovery
     */
    public SpoolRecovery recovery() {
        return spool.recovery();
    }

    @Override
    public long offer(Kind kind, byte[] payload) {
        return spool.offer(kind, payload);
    }

    @Override
    public Optional<Entry> peek() {
        return spool.peek();
    }

    @Override
    public void remove(long seq) {
        spool.remove(seq);
    }

    @Override
    public Counts counts() {
        return spool.counts();
    }

    @Override
    public void close() {
        // The component owns the spool's life: it closes on deactivation, not when a user calls close.
    }
}
