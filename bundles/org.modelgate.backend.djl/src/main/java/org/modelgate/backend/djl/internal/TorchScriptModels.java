package org.modelgate.backend.djl.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import org.modelgate.api.ModelLoadException;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;

/**
 * Loads {@code torchscript} models (files written by {@code torch.jit.save}) on DJL's PyTorch engine.
 *
 * <p>The first load starts the engine: DJL copies PyTorch's natives out of the fragment's
 * {@code pytorch-native-cpu} jar into the cache folder (once; about 450 MB) and loads them. Nothing is downloaded.
 */
final class TorchScriptModels {
    private TorchScriptModels() {
    }

    static DjlModel load(String label, Path file, Map<String, String> options, Consumer<DjlModel> onClose) {
        ModelSignature signature = TorchScriptSignature.parse(options, label);
        Model model;
        try {
            model = Model.newInstance(label, Device.cpu(), Engines.TORCHSCRIPT.engineName());
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException("model " + label + ": DJL's PyTorch engine cannot start (natives from the "
                    + "djl-pytorch feature, extracted into DJL's cache): " + e, e);
        }
        try {
            model.load(file, null, Map.of());
            return new DjlModel(label, Engines.TORCHSCRIPT, model, signature, onClose);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelLoadException("model " + label + ": djl's pytorch cannot load " + file
                    + " (not a TorchScript file written by torch.jit.save?): " + firstLine(e), e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
