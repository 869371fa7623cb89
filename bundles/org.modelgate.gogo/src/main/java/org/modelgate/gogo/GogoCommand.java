package org.modelgate.gogo;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for Gogo commands: {@code osgi.command.scope} and {@code osgi.command.function}.
 *
 * <p>Ours rather than Gogo's own annotation, so a bundle with commands needs no Gogo at compile or run
 * time. The retention is {@code CLASS}: bnd turns it into service properties at build time and the
 * bundle imports nothing from here, so this artifact is a {@code provided} dependency and never deployed.
 *
 * <pre>
 * &#64;Component(service = AuditCommands.class)
 * &#64;GogoCommand(scope = "mg", function = "audit")
 * public class AuditCommands { public String audit(String what) { ... } }
 * </pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GogoCommand {
    /** Prefix of the property names. */
    String PREFIX_ = "osgi.command.";

    /**
     * The command scope.
     *
     * @return the scope, e.g. {@code mg}
     */
    String scope();

    /**
     * The command names, each a public method of the component.
     *
     * @return the functions
     */
    String[] function();
}
