package org.modelgate.remote.commands.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;
import org.modelgate.remote.RemoteCommand;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code config {"pid", "action": "get"|"set", "properties"?}}: reads or changes a configuration through
 * Configuration Admin, for the PIDs of {@code configAllowList} (PID {@value CommandsConfig#PID}) only. set merges
 * the given properties into the configuration (null removes one) and answers the result. One command does both, so
 * both are signed (a signed get does no harm).
 */
@Component(property = RemoteCommand.NAME + "=config", configurationPid = CommandsConfig.PID)
public final class ConfigCommand implements RemoteCommand {
    private static final List<String> ACTIONS = List.of("get", "set");

    @Reference
    ConfigurationAdmin configurations;

    private volatile Set<String> allowed;

    @Activate
    @Modified
    void activate(CommandsConfig config) {
        this.allowed = Set.of(config.configAllowList());
    }

    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public Object run(CommandCall call) {
        String pid = call.text("pid");
        String action = Fields.oneOf(call, "action", ACTIONS);
        if (!allowed.contains(pid)) {
            throw new CommandException("PID " + pid + " is not in the allow-list of the config command "
                    + new java.util.TreeSet<>(allowed) + " (configAllowList of PID " + CommandsConfig.PID + ")");
        }
        try {
            return "get".equals(action) ? get(pid) : set(pid, call);
        } catch (IOException | InvalidSyntaxException e) {
            throw new CommandException("Configuration Admin could not " + action + " " + pid + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> get(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] existing = configurations.listConfigurations("(service.pid=" + pid + ")");
        Dictionary<String, Object> properties = existing == null ? null : existing[0].getProperties();
        return answer(pid, properties != null, properties);
    }

    private Map<String, Object> set(String pid, CommandCall call) throws IOException {
        Object given = call.body().get("properties");
        if (!(given instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new CommandException("config set needs \"properties\": an object of the properties to change, such as "
                    + "{\"enabled\": true}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = ConfigValues.fromJson(pid, (Map<String, Object>) map);
        Configuration configuration = configurations.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Dictionary<String, Object> updated = new Hashtable<>();
        if (properties != null) {
            for (var keys = properties.keys(); keys.hasMoreElements(); ) {
                String key = keys.nextElement();
                updated.put(key, properties.get(key));
            }
        }
        values.forEach((key, value) -> {
            if (value == null) {
                updated.remove(key);
            } else {
                updated.put(key, value);
            }
        });
        configuration.update(updated);
        return answer(pid, true, updated);
    }

    private static Map<String, Object> answer(String pid, boolean exists, Dictionary<String, Object> properties) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pid", pid);
        json.put("exists", exists);
        json.put("properties", ConfigValues.toJson(properties));
        return json;
    }
}
