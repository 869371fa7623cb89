package org.modelgate.remote.mqtt.telemetry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.modelgate.api.ModelRegistry;
import org.modelgate.remote.mqtt.spool.Spool;
import org.modelgate.remote.mqtt.spool.SpoolService;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Offers a {@link TelemetrySummary} to the spool every {@code telemetrySeconds} (PID
 * {@code org.modelgate.remote.mqtt}), as {@link Spool.Kind#TELEMETRY}: the first entries dropped when the broker is
 * away too long. Counts requests and errors per model version as an {@link InferenceMonitor} on the record stream
 * (its own thread, never the inference's); windows from the health monitor when it runs ({@link ModelWindows}), in
 * flight from the registry. Active only while PID {@code org.modelgate.remote.mqtt} is configured: an unconfigured
 * agent is idle and nothing would drain the spool.
 */
@Component(service = InferenceMonitor.class, immediate = true, configurationPid = SpoolService.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = InferenceMonitor.NAME + "=remote-telemetry")
public final class TelemetryReporter implements InferenceMonitor {
    private static final System.Logger LOG = System.getLogger(TelemetryReporter.class.getName());

    private final Spool spool;
    private final Clock clock;
    private final RequestCounts counts = new RequestCounts();
    private final ScheduledExecutorService timer;
    private volatile String device;
    private ScheduledFuture<?> schedule;
    private volatile boolean failing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ModelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ModelWindows windows;

    /**
     * Starts the summaries.
     *
     * @param spool where they go
     * @param config the period and the device name
     */
    @Activate
    public TelemetryReporter(@Reference Spool spool, TelemetryConfig config) {
        this(spool, config, Clock.systemUTC());
    }

    TelemetryReporter(Spool spool, TelemetryConfig config, Clock clock) {
        this.spool = spool;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "modelgate-remote-telemetry");
            thread.setDaemon(true);
            return thread;
        });
        modified(config);
    }

    @Modified
    synchronized void modified(TelemetryConfig config) {
        device = DeviceName.of(config.device());
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        int seconds = config.telemetrySeconds();
        if (seconds > 0) {
            schedule = timer.scheduleAtFixedRate(this::report, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Override
    public void accept(InferenceRecord record) {
        counts.count(record);
    }

    /** Offers one summary now; a spool that cannot write is logged once until it works again. */
    private void report() {
        try {
            offerSummary();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "telemetry summary not queued: " + e.getMessage(), e);
            }
            failing = true;
        }
    }

    /**
     * Makes a summary and offers it.
     *
     * @return its sequence number in the spool
     */
    long offerSummary() {
        return spool.offer(Spool.Kind.TELEMETRY, summary().toJson());
    }

    TelemetrySummary summary() {
        ModelRegistry models = registry;
        ModelWindows health = windows;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new TelemetrySummary(device, clock.instant(), ManagementFactory.getRuntimeMXBean().getUptime(),
                heap.getUsed(), heap.getMax(), models == null ? List.of() : models.models(),
                name -> models == null ? 0 : models.requestsInFlight(name), counts.totals(),
                health == null ? Map.of() : health.windows());
    }
}
