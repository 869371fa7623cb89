package org.modelgate.remote.commands.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ProfileListener;
import org.modelgate.api.ProfileMeasurement;
import org.modelgate.api.ProfileReport;
import org.modelgate.api.ProfileRequest;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code profile {"model", "runs"?}}: profiles the model's serving version on every candidate (ModelRegistry.profile;
 * blocks until done) and answers the summary: outcome, plan, the winner and how many candidates ran or failed.
 */
@Component(property = RemoteCommand.NAME + "=profile")
public final class ProfileCommand implements RemoteCommand {
    @Reference
    ModelRegistry registry;

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        String model = call.text("model");
        long runs = Fields.whole(call, "runs", ProfileRequest.DEFAULT_RUNS);
        ModelJson.known(registry, model);
        ProfileReport report = ServiceCalls.call("profiling " + model, () -> registry.profile(model,
                ProfileRequest.ofRuns((int) Math.min(runs, Integer.MAX_VALUE)), ProfileListener.NONE));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", report.model());
        json.put("version", report.version());
        json.put("runs", report.runs());
        json.put("started", report.started() == null ? null : report.started().toString());
        json.put("outcome", report.outcome());
        json.put("plan", report.plan());
        json.put("candidates", report.measurements().size());
        json.put("failed", report.measurements().stream().filter(m -> !m.ok()).count());
        json.put("winner", report.winner() == null ? null : measurement(report.winner()));
        return json;
    }

    private static Map<String, Object> measurement(ProfileMeasurement m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("candidate", m.label());
        json.put("backend", m.backend());
        json.put("driver", m.driver());
        json.put("threads", m.threads());
        json.put("p50_ms", m.p50Millis());
        json.put("p99_ms", m.p99Millis());
        json.put("throughput", m.throughput());
        return json;
    }
}
