package org.modelgate.remote.commands.internal;

import java.util.Map;
import org.modelgate.remote.CommandCall;

/** Reads the health monitor's reports for the health command (see {@link ModelHealthReader}). */
public interface HealthReader {
    /**
     * @param call the health command, with its optional {@code model}
     * @return {@code {"installed": true, "models": [...]}}
     */
    Map<String, Object> read(CommandCall call);
}
