package org.modelgate.console.ssh.internal;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * An exec request ({@code ssh gateway mg:models}): the command line runs in a Gogo session of its
 * own, without a terminal; its output and its formatted result go back, and the exit status is 0,
 * or 1 when the command failed (message on stderr).
 */
final class GogoExec extends SessionCommand {
    private final CommandProcessor processor;
    private final String commandLine;

    GogoExec(CommandProcessor processor, String commandLine) {
        this.processor = processor;
        this.commandLine = commandLine;
    }

    @Override
    protected int run(ChannelSession channel, Environment environment) throws Exception {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(in, stdout, stderr)) {
            session.put("USER", channel.getSession().getUsername());
            session.put(OPERATOR_VARIABLE, operator(channel));
            Object result;
            try {
                result = session.execute(commandLine);
            } catch (Exception e) {
                stderr.println("gogo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return 1;
            }
            if (result != null) {
                stdout.println(session.format(result, Converter.INSPECT));
            }
            stdout.flush();
            stderr.flush();
            return 0;
        }
    }
}
