package org.modelgate.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.modelgate.api.BackendInfo;
import org.modelgate.api.ExecutionPlan;
import org.modelgate.api.ModelHostInfo;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.TensorSpec;

/**
 * How models and backends look in the terminal.
 */
final class ModelTables {
    private ModelTables() {
    }

    static TextTable models(List<ModelInfo> models) {
        // the HOST column (a model host's resident memory) only where a model runs with isolation "process"
        if (models.stream().anyMatch(model -> model.host() != null)) {
            TextTable table = new TextTable(new String[] {"NAME", "VERSION", "STATE", "BACKEND", "VERSIONS", "HOST", "REASON"},
                    new int[] {20, 12, 11, 12, 8, 9});
            for (ModelInfo model : models) {
                table.row(model.name(), model.version(), model.state().name(), model.backend(),
                        String.valueOf(model.versions().size()), hostMemory(model.host()), model.reason());
            }
            return table;
        }
        TextTable table = new TextTable(new String[] {"NAME", "VERSION", "STATE", "BACKEND", "VERSIONS", "REASON"},
                new int[] {20, 12, 11, 12, 8});
        for (ModelInfo model : models) {
            table.row(model.name(), model.version(), model.state().name(), model.backend(),
                    String.valueOf(model.versions().size()), model.reason());
        }
        return table;
    }

    static TextTable backends(List<BackendInfo> backends) {
        TextTable table = new TextTable(new String[] {"NAME", "VERSION", "FORMATS", "MODELS", "BUNDLE"},
                new int[] {16, 10, 16, 6});
        for (BackendInfo backend : backends) {
            table.row(backend.name(), backend.version(), String.join(",", new TreeSet<>(backend.formats())),
                    String.valueOf(backend.loadedModels()), backend.bundle());
        }
        return table;
    }

    /** "-" in the gateway's process; the host's resident memory for isolation "process". */
    private static String hostMemory(ModelHostInfo host) {
        if (host == null) {
            return "-";
        }
        return host.pid() < 0 ? "down" : host.residentMiB() < 0 ? "?" : host.residentMiB() + " MiB";
    }

    static void details(ModelInfo model, PrintStream out) {
        out.println("name:     " + model.name());
        out.println("version:  " + model.version() + " (active); versions: " + String.join(", ", model.versions()));
        out.println("state:    " + model.state() + (model.reason() == null ? "" : " (" + model.reason() + ")"));
        out.println("format:   " + model.format() + (model.backend() == null ? "" : " on " + model.backend()));
        out.println("inputs:   " + specs(model.inputs()));
        out.println("outputs:  " + specs(model.outputs()));
        if (!model.labels().isEmpty()) {
            out.println("labels:   " + String.join(", ", model.labels()));
        }
        ModelHostInfo host = model.host();
        if (host != null) {
            out.println("host:     " + (host.pid() < 0 ? "no process (restarting)" : "pid " + host.pid() + ", "
                    + (host.residentMiB() < 0 ? "memory unknown" : host.residentMiB() + " MiB resident"))
                    + ", " + host.restarts() + " restart(s)" + (host.lastFailure() == null ? "" : "; last died: " + host.lastFailure()));
        }
        ExecutionPlan plan = model.plan();
        if (plan != null) {
            out.println("plan:     " + (plan.accelerator() == null ? "backend defaults" : plan.accelerator() + " (rank "
                    + plan.rank() + ")") + "; " + plan.reason());
            if (!plan.settings().isEmpty()) {
                out.println("settings: " + plan.settings().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")));
            }
            for (String note : plan.notes()) {
                out.println("note:     " + note);
            }
        }
    }

    private static String specs(List<TensorSpec> specs) {
        if (specs.isEmpty()) {
            return "-";
        }
        return specs.stream().map(s -> s.name() + " " + s.signature()).collect(Collectors.joining(", "));
    }
}
