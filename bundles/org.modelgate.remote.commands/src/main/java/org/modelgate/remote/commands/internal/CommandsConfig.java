package org.modelgate.remote.commands.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of the standard remote commands: PID {@value #PID}, shared by the transfers and {@code config}. */
@ObjectClassDefinition(name = "Modelgate remote commands",
        description = "Package transfers (deploy, install, update) and the PIDs the config command may read and change.")
public @interface CommandsConfig {
    /** The PID. */
    String PID = "org.modelgate.remote.commands";

    @AttributeDefinition(description = "PIDs the config command may get and set; any other is refused.")
    String[] configAllowList() default {"org.modelgate.monitor.health", "org.modelgate.explain",
            "org.modelgate.monitor.metrics", "org.modelgate.remote.mqtt"};

    @AttributeDefinition(description = "The largest package or bundle jar a transfer or a pull may bring, in MiB.")
    int maxPackageMiB() default 512;

    @AttributeDefinition(description = "How many chunked transfers may be open at once; a new one beyond is refused.")
    int maxTransfers() default 4;

    @AttributeDefinition(description = "An open transfer that received no chunk for this many minutes is removed.")
    int transferExpiryMinutes() default 60;

    @AttributeDefinition(description = "Where open transfers are kept. Empty: ${modelgate.home}/data/remote/transfers "
            + "(the bundle's data area when modelgate.home is not set).")
    String transferFolder() default "";

    @AttributeDefinition(description = "A PEM file of CA certificates trusted for HTTPS pulls, besides the JVM's "
            + "default trust. Empty: the JVM's trust only.")
    String pullCaFile() default "";

    @AttributeDefinition(description = "How long a pull may take in all, in seconds.")
    int pullTimeoutSeconds() default 600;
}
