package org.modelgate.console.ssh.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.felix.gogo.jline.Shell;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.osgi.framework.BundleContext;

/**
 * An interactive shell ({@code ssh gateway}): Gogo's JLine shell (line editing, completion, the
 * same profile as the local console) on a JLine terminal over the channel's streams. Ctrl-D or
 * {@code exit} ends the session, never the framework.
 */
final class GogoShell extends SessionCommand {
    private final BundleContext context;
    private final CommandProcessor processor;
    private volatile Terminal terminal;

    GogoShell(BundleContext context, CommandProcessor processor) {
        this.context = context;
        this.processor = processor;
    }

    @Override
    protected int run(ChannelSession channel, Environment environment) throws Exception {
        Map<String, String> env = environment.getEnv();
        try (Terminal term = openTerminal(env)) {
            terminal = term;
            environment.addSignalListener((ch, signal) -> {
                term.setSize(new Size(number(env.get(Environment.ENV_COLUMNS), 80), number(env.get(Environment.ENV_LINES), 24)));
                term.raise(Terminal.Signal.WINCH);
            }, Signal.WINCH);
            try (CommandSession session = processor.createSession(term.input(), term.output(), term.output())) {
                session.put(Shell.VAR_TERMINAL, term);
                session.put("USER", channel.getSession().getUsername());
                session.put(OPERATOR_VARIABLE, operator(channel));
                Shell shell = new Shell(new SessionContext(term), processor);
                // --noshutdown: leaving this shell ends the SSH session only; --nohistory: no shared ~/.gogo.history.
                shell.gosh(session, new String[] {"--login", "--noshutdown", "--nohistory"});
            }
        }
        return 0;
    }

    @Override
    public void destroy(ChannelSession channel) {
        Terminal term = terminal;
        if (term != null) {
            try {
                term.close();
            } catch (java.io.IOException ignored) {
                // closing a terminal whose client has already gone
            }
        }
        super.destroy(channel);
    }

    private Terminal openTerminal(Map<String, String> env) throws java.io.IOException {
        // JLine finds its terminal providers through the context class loader; in a bundle that has
        // to be JLine's own loader, or it falls back to a dumb terminal.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TerminalBuilder.class.getClassLoader());
        try {
            return TerminalBuilder.builder()
                    .name("ssh")
                    .system(false)
                    .type(env.getOrDefault(Environment.ENV_TERM, "vt100"))
                    .size(new Size(number(env.get(Environment.ENV_COLUMNS), 80), number(env.get(Environment.ENV_LINES), 24)))
                    .encoding(StandardCharsets.UTF_8)
                    .streams(in, out)
                    .build();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static int number(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** What the shell asks of its host: framework properties, and how to leave (end this session). */
    private final class SessionContext implements Shell.Context {
        private final Terminal term;

        SessionContext(Terminal term) {
            this.term = term;
        }

        @Override
        public String getProperty(String name) {
            return context.getProperty(name);
        }

        @Override
        public void exit() throws Exception {
            term.close();
        }
    }
}
