package org.modelgate.learn.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The learn client's settings, PID {@value LearnCommand#PID}. */
@ObjectClassDefinition(name = "Modelgate federated learning client",
        description = "Trains on this gateway's own labelled data for the fleet controller's federated rounds;"
                + " the data never leaves the gateway, only the update does.")
public @interface LearnClientConfig {
    @AttributeDefinition(description = "Tasks this gateway takes part in (folder names under dataDir); a round of"
            + " any other task is refused")
    String[] tasks();

    @AttributeDefinition(description = "Folder of the local data: {dataDir}/{task}/*.csv, rows of features then"
            + " the label; relative to {modelgate.home}")
    String dataDir() default "data/learn";

    @AttributeDefinition(description = "Longest local training of one round, in seconds (a round asking for more"
            + " gets this)")
    int maxTrainingSeconds() default 120;

    @AttributeDefinition(description = "Most local epochs of one round (a round asking for more gets this)")
    int maxEpochs() default 20;

    @AttributeDefinition(description = "Largest global model accepted, in bytes (4 per parameter)")
    int maxModelBytes() default 8 * 1024 * 1024;

    @AttributeDefinition(description = "Largest chunk of an update sent in one answer, in bytes (base64 keeps the"
            + " answer under the agent's 256 KiB)")
    int chunkBytes() default 96 * 1024;

    @AttributeDefinition(description = "This gateway's name in its updates; empty: the host name")
    String device() default "";
}
