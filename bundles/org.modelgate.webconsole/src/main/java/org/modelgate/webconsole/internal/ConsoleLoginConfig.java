package org.modelgate.webconsole.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Web Console logins, PID {@value ConsoleLogin#PID}. */
@ObjectClassDefinition(name = "Modelgate Web Console logins",
        description = "Who may use the Felix Web Console: users and PBKDF2 password hashes from a file. There is no default password.")
public @interface ConsoleLoginConfig {

    @AttributeDefinition(description = "Users file: NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH a line, owner-only. Read again when it changes. "
            + "Missing at start: user admin gets a generated password (see generatedPasswordFile).")
    String usersFile();

    @AttributeDefinition(description = "Where the password generated at the first start is written, readable by its owner only.")
    String generatedPasswordFile();
}
