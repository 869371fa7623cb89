/** The standard remote commands (RemoteCommand services). Private to the bundle. */
package org.modelgate.remote.commands;
