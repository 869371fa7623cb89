/** The standard remote commands (RemoteCommand services) and the package transfers they share. Private to the bundle. */
package org.modelgate.remote.commands.internal;
