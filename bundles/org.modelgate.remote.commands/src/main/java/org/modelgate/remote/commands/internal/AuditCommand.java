package org.modelgate.remote.commands.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.AuditLog;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code audit {"count"?, "since_seq"?}}: the latest audit log entries, oldest first: {@code count} of them (default
 * 50, at most {@value #MAX}), only those after sequence {@code since_seq} when given (to page on from the last one
 * read).
 */
@Component(property = RemoteCommand.NAME + "=audit")
public final class AuditCommand implements RemoteCommand {
    /** The most entries one answer carries. */
    static final int MAX = 200;

    @Reference
    AuditLog audit;

    @Override
    public boolean changesState() {
        return false;
    }

    @Override
    public Object run(CommandCall call) {
        long count = Fields.whole(call, "count", 50);
        if (count < 1 || count > MAX) {
            throw new CommandException("\"count\" is 1 to " + MAX + ", not " + count);
        }
        long since = Fields.whole(call, "since_seq", -1);
        List<AuditEntry> tail = ServiceCalls.call("reading the audit log", () -> audit.tail((int) count));
        List<Object> entries = new ArrayList<>();
        for (AuditEntry e : tail) {
            if (e.sequence() > since) {
                entries.add(json(e));
            }
        }
        return entries;
    }

    private static Map<String, Object> json(AuditEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", e.sequence());
        json.put("time", e.time().toString());
        json.put("actor", e.actor());
        json.put("action", e.action());
        json.put("subject", e.subject());
        json.put("details", new LinkedHashMap<String, Object>(e.details()));
        json.put("hash", e.hash());
        return json;
    }
}
