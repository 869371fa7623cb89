package org.modelgate.remote.mqtt.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;

/** Commands for the tests: {@code echo} (read-only), {@code count} (changes state: counts its runs), {@code fail}. */
final class TestCommands {
    final AtomicInteger countRuns = new AtomicInteger();
    final Map<String, RemoteCommand> all = new ConcurrentHashMap<>();

    TestCommands() {
        all.put("echo", new RemoteCommand() {
            @Override
            public boolean changesState() {
                return false;
            }

            @Override
            public Object run(CommandCall call) {
                Map<String, Object> result = new LinkedHashMap<>(call.body());
                result.put("signer", call.signer());
                result.put("group", call.group());
                return result;
            }
        });
        all.put("count", new RemoteCommand() {
            @Override
            public boolean changesState() {
                return true;
            }

            @Override
            public Object run(CommandCall call) {
                return Map.of("runs", countRuns.incrementAndGet(), "signer", call.signer());
            }
        });
        all.put("fail", new RemoteCommand() {
            @Override
            public boolean changesState() {
                return false;
            }

            @Override
            public Object run(CommandCall call) {
                throw new CommandException("model 'nope' is not installed");
            }
        });
    }
}
