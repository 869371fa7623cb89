package org.modelgate.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the model registry, PID {@code org.modelgate.core.registry}.
 */
@ObjectClassDefinition(name = "Modelgate model registry", description = "Where models live on disk and whether they load at start.")
@interface RegistryConfig {
    /** The PID. */
    String PID = "org.modelgate.core.registry";

    @AttributeDefinition(description = "Folder of the model repository: <repository>/<name>/<version>/model.json. "
            + "Relative paths are taken from the working directory.")
    String repository() default "models";

    @AttributeDefinition(description = "Load every model of the repository when the registry starts.")
    boolean autoload() default true;

    @AttributeDefinition(description = "Refuse to install or load any model version whose signature cannot be verified "
            + "(no trust store configured). With a trust store present, signatures are always verified.")
    boolean requireSignatures() default false;

    @AttributeDefinition(description = "Encrypt the model file of each version installed from now on (AES-256-GCM under "
            + "the device key of a KeyProvider, e.g. PID org.modelgate.security.keys): AUTO encrypts when a KeyProvider "
            + "is present, REQUIRED refuses to install without one, OFF installs in plaintext. Versions encrypted "
            + "before are decrypted in memory at every load whatever this says; they need their key.")
    EncryptAtRest encryptAtRest() default EncryptAtRest.AUTO;

    @AttributeDefinition(description = "Versions kept per model; after a commit the oldest others are removed "
            + "(never the committed version or the one committed before it). 0 keeps every version.")
    int keepVersions() default 5;

    @AttributeDefinition(description = "Most MiB the repository may hold (installed versions and their history). "
            + "An install that would exceed it first removes the model's oldest versions that keepVersions would also "
            + "let go (never the committed one, the one committed before it, or the serving one), and is refused "
            + "when that is not enough. 0: no quota.")
    long diskQuotaMB() default 0;

    @AttributeDefinition(description = "Seconds a backend may take to load a model version; a load that takes longer "
            + "(a hung backend) is abandoned and the model is FAILED with the reason, other models keep serving.")
    int loadTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Seconds an unload or a departing backend waits for running requests to finish; a retired version still closes only after its last request ends.")
    int drainTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Run each new version's trial (load, warm-up, golden samples) in a model host "
            + "process first (bundle org.modelgate.host), so that a model that crashes its runtime fails its trial instead "
            + "of taking the gateway down. A model file that already ran safely here skips the sandbox.")
    boolean sandboxTrials() default true;

    @AttributeDefinition(description = "Where models run whose model.json names no \"isolation\": in-process (fastest) "
            + "or process (a model host process each: a crash costs that model only).", options = {
                    @org.osgi.service.metatype.annotations.Option(value = "in-process"),
                    @org.osgi.service.metatype.annotations.Option(value = "process") })
    String isolation() default "in-process";

    @AttributeDefinition(description = "Folder of the JVM's fatal error reports (-XX:ErrorFile, hs_err_pid*.log); a start "
            + "after a crash reads the newest to say why the versions running then are quarantined. Relative paths are "
            + "taken from the working directory.")
    String crashReports() default "data/crash";

    @AttributeDefinition(description = "Starts in a row that died (the gateway did not stop in order) after which the "
            + "gateway starts in safe mode: the models that were in trial, loading or running requests when it died are "
            + "not loaded until an operator forces them or leaves safe mode (mg:safemode off). 0: never.")
    int safeModeCrashes() default 2;

    @AttributeDefinition(description = "Seconds within which those unclean ends must lie (counted back from the start "
            + "that finds the last one) to be a crash loop.")
    int safeModeWindowSeconds() default 600;

    @AttributeDefinition(description = "This gateway's device type (e.g. rpi5, jetson), matched against model.json "
            + "\"requires\": {\"device_types\": [...]}; empty: a model requiring device types is refused at install.")
    String deviceType() default "";
}
