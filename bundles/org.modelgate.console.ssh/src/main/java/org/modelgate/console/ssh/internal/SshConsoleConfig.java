package org.modelgate.console.ssh.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the SSH console, PID {@value SshConsole#PID}. */
@ObjectClassDefinition(name = "Modelgate SSH console",
        description = "Remote Gogo shell over SSH: public-key authentication only.")
public @interface SshConsoleConfig {

    @AttributeDefinition(description = "Address to listen on; 127.0.0.1 keeps the console to this machine, 0.0.0.0 opens it to the network.")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port to listen on.")
    int port() default 8101;

    @AttributeDefinition(description = "OpenSSH authorized_keys file: one public key per line. Read again at a login after it changes. Missing or empty: nobody can log in.")
    String authorizedKeysFile();

    @AttributeDefinition(description = "Where the generated host key is kept (created on first start). Empty: the bundle's data folder.")
    String hostKeyFile() default "";
}
