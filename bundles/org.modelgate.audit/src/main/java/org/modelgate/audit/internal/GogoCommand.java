package org.modelgate.audit.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for Gogo commands: {@code osgi.command.scope} and {@code osgi.command.function}.
 *
 * <p>The same as the console bundle's (it is package-private there): the bundle needs no Gogo at
 * compile or run time.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface GogoCommand {
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
