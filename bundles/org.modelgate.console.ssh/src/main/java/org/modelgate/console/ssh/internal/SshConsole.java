package org.modelgate.console.ssh.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The SSH server: Gogo over SSH for operators holding a key listed in the authorized keys file.
 * Public-key authentication is the only method offered (no password, no keyboard-interactive);
 * shells and single commands ({@code ssh -p 8101 admin@host mg:models}) run in Gogo sessions of
 * the framework's command processor. A configuration change restarts the server.
 */
@Component(configurationPid = SshConsole.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SshConsoleConfig.class)
public final class SshConsole {
    static final String PID = "org.modelgate.console.ssh";
    private static final System.Logger LOG = System.getLogger(SshConsole.class.getName());

    private final SshServer server;

    @Activate
    public SshConsole(BundleContext context, SshConsoleConfig config, @Reference CommandProcessor processor) throws IOException {
        if (config.authorizedKeysFile() == null || config.authorizedKeysFile().isBlank()) {
            throw new IllegalArgumentException("configuration " + PID + " needs authorizedKeysFile (the OpenSSH authorized_keys file of the operators)");
        }
        Path hostKeyFile = config.hostKeyFile().isBlank() ? context.getDataFile("host-key.ser").toPath() : Path.of(config.hostKeyFile());
        AuthorizedKeys authorizedKeys = new AuthorizedKeys(Path.of(config.authorizedKeysFile()));
        server = withSshdClassLoader(() -> start(config, hostKeyFile, authorizedKeys,
                new SessionFactory(context, processor)));
        authorizedKeys.loginProblem().ifPresent(problem -> LOG.log(Level.WARNING, problem));
    }

    @Deactivate
    void stop() throws IOException {
        server.stop(true);
    }

    /** The port the server listens on (the configured one, or the one chosen for port 0). */
    int port() {
        return server.getPort();
    }

    private static SshServer start(SshConsoleConfig config, Path hostKeyFile, AuthorizedKeys authorizedKeys,
            SessionFactory sessions) throws IOException {
        // Probe the optional security providers (EdDSA for ed25519 keys) now, with SSHD's loader
        // as context loader, so they are found; the result is kept for the server's lifetime.
        SecurityUtils.isEDDSACurveSupported();
        SshServer server = SshServer.setUpDefaultServer();
        server.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
        server.setHost(config.host());
        server.setPort(config.port());
        server.setKeyPairProvider(hostKeys(hostKeyFile));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPublickeyAuthenticator(authorizedKeys.authenticator());
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        server.setShellFactory(sessions::shell);
        server.setCommandFactory(sessions::exec);
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("the SSH console cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "); choose another port with -Dmodelgate.ssh.port=... or port in etc/" + PID + ".cfg", e);
        }
        String fingerprint = fingerprint(server); // loads the host key, generating it on the first start
        restrictToOwner(hostKeyFile);
        LOG.log(Level.INFO, "SSH console on " + config.host() + ":" + server.getPort() + ", host key " + fingerprint
                + ", public keys from " + authorizedKeys.file());
        return server;
    }

    private static String fingerprint(SshServer server) {
        try {
            for (KeyPair pair : server.getKeyPairProvider().loadKeys(null)) {
                return KeyUtils.getFingerPrint(pair.getPublic());
            }
            return "(none)";
        } catch (IOException | java.security.GeneralSecurityException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static SimpleGeneratorHostKeyProvider hostKeys(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        SimpleGeneratorHostKeyProvider provider = new SimpleGeneratorHostKeyProvider(file);
        provider.setAlgorithm(KeyUtils.EC_ALGORITHM);
        provider.setKeySize(256);
        return provider;
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "cannot make the SSH host key " + file + " private to its owner: " + e.getMessage());
        }
    }

    private interface IoAction<T> {
        T run() throws IOException;
    }

    /** SSHD loads optional parts (security providers, I/O) through the context class loader. */
    private static <T> T withSshdClassLoader(IoAction<T> action) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SshServer.class.getClassLoader());
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Makes the shell or the single command of each channel. */
    private record SessionFactory(BundleContext context, CommandProcessor processor) {
        GogoShell shell(org.apache.sshd.server.channel.ChannelSession channel) {
            return new GogoShell(context, processor);
        }

        GogoExec exec(org.apache.sshd.server.channel.ChannelSession channel, String commandLine) {
            return new GogoExec(processor, commandLine);
        }
    }
}
