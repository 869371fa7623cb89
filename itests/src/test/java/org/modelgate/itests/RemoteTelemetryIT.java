package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.audit.AuditLog;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The remote agent bundle's spool and telemetry components in Felix, with Felix Event Admin and without the
 * health bundle: the spool service is registered on PID org.modelgate.remote.mqtt, a telemetry summary reaches its
 * journal every second, and an alert posted on Event Admin (as the health monitor posts it) is queued. No broker
 * is reachable, so what is offered stays in the journal, where the test reads it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RemoteTelemetryIT {
    private static final String SPOOL_FOLDER = "modelgate.itest.spool";
    private static final String PID = "org.modelgate.remote.mqtt";

    @Inject
    private BundleContext context;

    private Gateway gateway;
    private Path journal;

    @Configuration
    public Option[] config() throws IOException {
        Path folder = Files.createDirectories(Path.of("target", "itest", "RemoteTelemetryIT", "spool-" + System.nanoTime()))
                .toAbsolutePath();
        return options(
                Platform.felix(RemoteTelemetryIT.class),
                Platform.core(),
                Platform.security(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                Platform.modelgateBundle("org.modelgate.remote.mqtt"),
                systemProperty(SPOOL_FOLDER).value(folder.toString()));
    }

    @Before
    public void givenTheAgentConfiguredWithNoReachableBroker() {
        gateway = new Gateway(context);
        Path folder = Path.of(System.getProperty(SPOOL_FOLDER));
        journal = folder.resolve("spool.log");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("brokerUri", new String[] {"tcp://127.0.0.1:1"});
        properties.put("fleet", "itest");
        properties.put("device", "itest-dev");
        properties.put("spoolFolder", folder.toString());
        properties.put("telemetrySeconds", 1);
        gateway.configure(PID, properties);
    }

    @Test
    public void theBundleIsActiveAndTheSpoolIsAService() {
        assertEquals(Bundle.ACTIVE, gateway.bundle("org.modelgate.remote.mqtt").getState());
        Gateway.await("the Spool service", () -> {
            try {
                return context.getServiceReferences("org.modelgate.remote.mqtt.spool.Spool", null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    public void telemetrySummariesReachTheSpoolWithoutTheHealthMonitor() {
        thenTheJournalHolds("\"type\":\"telemetry\",\"device\":\"itest-dev\"");
        thenTheJournalHolds("\"gateway\":{\"uptimeSeconds\":");
    }

    @Test
    public void anAlertPostedOnEventAdminIsQueued() {
        Gateway.await("the spool's journal", () -> Files.exists(journal) ? journal : null);
        // Event Admin hands an event to the handlers registered when it is posted: the spool (and its journal) can be
        // up before the alert forwarder that needs the same configuration is.
        Gateway.await("the alert forwarder registered as an event handler", this::alertForwarder);
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("model", "iris-it");
        alert.put("version", "1.1.0");
        alert.put("kind", "drift");
        alert.put("subject", "dataset");
        alert.put("statistic", "drift_share");
        alert.put("value", 0.75);
        alert.put("threshold", 0.5);
        alert.put("evidence", "3 of 4 features drifted");
        EventAdmin events = gateway.service(EventAdmin.class);
        assertNotNull(events);
        events.postEvent(new Event("org/modelgate/alert/RAISED", alert));
        thenTheJournalHolds("\"type\":\"alert\",\"device\":\"itest-dev\"");
        thenTheJournalHolds("\"state\":\"raised\",\"model\":\"iris-it\",\"version\":\"1.1.0\",\"kind\":\"drift\"");
    }

    @Test
    public void aSignedAuditCheckpointIsQueuedAsAnAlertKindEntry() {
        Path folder = Path.of(System.getProperty(SPOOL_FOLDER)).getParent();
        gateway.configure("org.modelgate.security.signing",
                Map.of("keyFile", folder.resolve("signing-" + journal.getParent().getFileName() + ".pem").toString()));
        gateway.configure("org.modelgate.audit", Map.of("file", folder.resolve("audit-" + journal.getParent().getFileName()
                + "/audit.log").toString(), "checkpointEveryEntries", 1));
        Gateway.await("a checkpoint signer", () -> context.getServiceReference("org.modelgate.audit.CheckpointSigner"));
        // The audit log restarts on its new configuration: record once it takes the entry.
        Gateway.await("an audit entry recorded", () -> {
            try {
                AuditLog audit = gateway.service(AuditLog.class);
                return audit == null ? null : audit.record("itest", "itest.remote", "checkpoint", Map.of());
            } catch (RuntimeException e) {
                return null;
            }
        });
        thenTheJournalHolds("\"type\":\"audit-checkpoint\",\"device\":\"itest-dev\"");
        thenTheJournalHolds("\"statement\":\"modelgate-audit-checkpoint/v1\\n");
    }

    private ServiceReference<?>[] alertForwarder() {
        try {
            ServiceReference<?>[] handlers = context.getServiceReferences(EventHandler.class.getName(),
                    "(" + EventConstants.EVENT_TOPIC + "=org/modelgate/alert/*)");
            return handlers == null || handlers.length == 0 ? null : handlers;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void thenTheJournalHolds(String text) {
        Gateway.await("'" + text + "' in " + journal, 60_000, () -> journalText().contains(text) ? text : null);
    }

    private String journalText() {
        try {
            return Files.exists(journal) ? new String(Files.readAllBytes(journal), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
