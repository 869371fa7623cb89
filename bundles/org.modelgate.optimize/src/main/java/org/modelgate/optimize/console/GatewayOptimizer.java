package org.modelgate.optimize.console;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.onnx.proto.OnnxMl.ModelProto;

import org.modelgate.optimize.OptimizationException;
import org.modelgate.optimize.folder.ModelFolder;
import org.modelgate.optimize.report.AccuracyLimit;
import org.modelgate.optimize.report.ModelMeasurement;
import org.modelgate.optimize.report.OptimizationReport;
import org.modelgate.optimize.report.ReferenceSamples;
import org.modelgate.optimize.tool.Arguments;
import org.modelgate.optimize.tool.CandidateMaker;
import org.modelgate.optimize.tool.ReferenceOptions;
import org.modelgate.optimize.tool.UsageException;

/**
 * What {@code mg:optimize} does, without OSGi: makes every candidate of an installed model version, writes each into
 * a model folder of its own under the output folder (a copy of model.json with the next patch version and golden
 * samples of the candidate), measures them all against the installed file on this gateway, and prints the report.
 * Nothing is installed: a candidate goes to the gateway as a signed package, like any model.
 *
 * @param repository the gateway's model repository
 * @param outputs where candidate folders are written ({@code <outputs>/<name>-<version>-<candidate>/})
 * @param out where the report goes
 * @param err where failures go
 */
record GatewayOptimizer(Path repository, Path outputs, PrintStream out, PrintStream err) {

    /**
     * Optimizes one version.
     *
     * @param name the model
     * @param version the version
     * @param line the command's options ({@link ReferenceOptions}, {@code --out})
     * @param makers the candidates to make
     * @return the folders written, by candidate name
     * @throws UsageException for a wrong option
     * @throws OptimizationException when the version cannot be read or no candidate can be made
     */
    Map<String, Path> optimize(String name, String version, Arguments line, List<CandidateMaker> makers)
            throws UsageException, OptimizationException {
        ModelFolder source = InstalledModel.open(repository, name, version);
        ModelProto original = source.read();
        ReferenceSamples samples = ReferenceOptions.samples(line, source, original);
        Path root = line.option("out").map(Path::of).orElse(outputs);
        Optional<String> next = Optional.of(nextPatch(version));
        Map<String, Path> written = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (CandidateMaker maker : makers) {
            List<String> made = new ArrayList<>();
            try {
                ModelProto candidate = maker.make(original, samples, made);
                Path folder = root.resolve(name + "-" + version + "-" + maker.name());
                ModelFolder.Written result = source.write(candidate, folder, next);
                written.put(maker.name(), folder);
                files.put(maker.name(), result.modelFile());
                made.addAll(result.notes());
            } catch (OptimizationException e) {
                made.add("not made: " + e.getMessage());
            }
            made.forEach(n -> notes.add(maker.name() + ": " + n));
        }
        if (files.isEmpty()) {
            throw new OptimizationException("no candidate could be made of model '" + name + "' " + version + ": "
                    + String.join("; ", notes));
        }
        OptimizationReport report = ReferenceOptions.measurer(line, samples, null).measure(source.modelFile(), files);
        AccuracyLimit limit = ReferenceOptions.limit(line);
        for (ModelMeasurement row : report.candidates()) {
            limit.violation(report.original().accuracy(), row.accuracy())
                    .ifPresent(v -> notes.add(row.name() + ": over the accuracy limit: " + v));
        }
        for (String note : notes) {
            report = report.withNote(note);
        }
        report.print(out);
        written.forEach((candidate, folder) -> out.println("wrote " + folder));
        out.println("nothing installed: sign a candidate with bin/mgpack pack <folder> --key <key.pem> and install the"
                + " package (mg:install), where it runs its trial like any version");
        return written;
    }

    /** {@code 1.2.3} gives {@code 1.2.4}: a candidate installs above the version it was made of. Anything else is kept. */
    static String nextPatch(String version) {
        String[] parts = version.split("\\.");
        if (parts.length == 3) {
            try {
                return parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 1);
            } catch (NumberFormatException e) {
                return version;
            }
        }
        return version;
    }
}
