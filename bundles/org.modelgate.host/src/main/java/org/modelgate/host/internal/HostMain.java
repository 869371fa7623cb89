package org.modelgate.host.internal;

import java.nio.file.Path;

/**
 * The model host process's entry point: a plain JVM started by the gateway (never by hand) from the jars of
 * a backend's bundle and the bundles it is wired to.
 *
 * <pre>
 * java -cp JARS org.modelgate.host.internal.HostMain SOCKET LANES SHARED_MEMORY_PREFIX LIMIT BUNDLE COMPONENT CLASS
 * </pre>
 */
public final class HostMain {
    private HostMain() {
    }

    /**
     * Connects to the gateway and serves until it says close or goes away.
     *
     * @param args socket, lanes, shared memory file prefix, shared memory limit in bytes, the backend bundle's jar,
     *        its component name ("-" for none), its implementation class
     */
    public static void main(String[] args) {
        if (args.length != 7) {
            System.err.println("usage: HostMain SOCKET LANES SHARED_MEMORY_PREFIX LIMIT BUNDLE COMPONENT CLASS "
                    + "(started by the gateway's org.modelgate.host bundle, not by hand)");
            System.exit(2);
        }
        HostServer server = new HostServer(Path.of(args[0]), Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]),
                Path.of(args[4]), "-".equals(args[5]) ? null : args[5], args[6]);
        server.serve();
    }
}
