package org.modelgate.core.internal;

import java.util.Locale;
import java.util.Set;

import org.osgi.framework.Version;

/**
 * What this gateway offers to the models installed on it, as model.json {@code "requires"} asks about it; the fleet
 * controller can read the same facts to target only the gateways that fit.
 *
 * @param cpu the CPU architecture, normalised ({@code amd64} is x86_64, {@code arm64} is aarch64)
 * @param maxMemoryMb the JVM's max heap in MiB (what a model can use here, not the device's physical memory)
 * @param accelerators the accelerator drivers available now
 * @param formats the model formats the backends present run
 * @param gatewayVersion the core bundle's version
 * @param deviceType the configured device type, empty when unset
 */
record GatewayFacts(String cpu, long maxMemoryMb, Set<String> accelerators, Set<String> formats, Version gatewayVersion,
        String deviceType) {
    GatewayFacts {
        accelerators = Set.copyOf(accelerators);
        formats = Set.copyOf(formats);
        deviceType = deviceType == null ? "" : deviceType.trim();
    }

    /** This JVM's architecture ({@code os.arch}), normalised. */
    static String localArch() {
        return normalisedArch(System.getProperty("os.arch", "unknown"));
    }

    /** The JVM's max heap in MiB. */
    static long localMaxMemoryMb() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }

    /** amd64 and x64 are x86_64, arm64 is aarch64; others lower-cased as they are. */
    static String normalisedArch(String arch) {
        String lower = arch.trim().toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "amd64", "x64", "x86-64" -> "x86_64";
            case "arm64" -> "aarch64";
            default -> lower;
        };
    }
}
