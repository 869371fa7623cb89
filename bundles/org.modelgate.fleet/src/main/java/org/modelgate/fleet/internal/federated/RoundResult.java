package org.modelgate.fleet.internal.federated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One round as it was, or as it is while it runs: the devices selected, what each answered (accepted with its
 * sample count, or refused with the reason), and after aggregation the accuracy and the privacy spent so far.
 */
public final class RoundResult {
    /** One device's part in a round. */
    public record DeviceResult(String device, boolean accepted, int samples, String reason, double deviceAccuracy,
            double loss, long bytes) {
    }

    final long round;
    final Instant started;
    Instant deadline;
    final List<String> selected;
    final int available;
    final List<DeviceResult> devices = new ArrayList<>();
    String outcome = "running";
    Instant ended;
    double accuracy = Double.NaN;
    double deviceAccuracy = Double.NaN;
    double epsilon = Double.NaN;

    RoundResult(long round, Instant started, Instant deadline, List<String> selected, int available) {
        this.round = round;
        this.started = started;
        this.deadline = deadline;
        this.selected = List.copyOf(selected);
        this.available = available;
    }

    public long round() {
        return round;
    }

    public List<String> selected() {
        return selected;
    }

    public List<DeviceResult> devices() {
        return List.copyOf(devices);
    }

    /** {@code running}, {@code aggregated} or {@code failed: WHY}. */
    public String outcome() {
        return outcome;
    }

    /** Accuracy of the new global model on the controller's held-out set (NaN without one). */
    public double accuracy() {
        return accuracy;
    }

    /** The devices' accuracy of this round's incoming global model on their own data, weighted by samples. */
    public double deviceAccuracy() {
        return deviceAccuracy;
    }

    /** Epsilon spent after this round (NaN without privacy). */
    public double epsilon() {
        return epsilon;
    }

    public int accepted() {
        return (int) devices.stream().filter(DeviceResult::accepted).count();
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", round);
        m.put("started", started.toString());
        m.put("deadline", deadline.toString());
        m.put("selected", selected);
        m.put("available", available);
        List<Object> list = new ArrayList<>();
        for (DeviceResult d : devices) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("device", d.device());
            dm.put("accepted", d.accepted());
            dm.put("samples", d.samples());
            dm.put("reason", d.reason());
            dm.put("deviceAccuracy", finite(d.deviceAccuracy()));
            dm.put("loss", finite(d.loss()));
            dm.put("bytes", d.bytes());
            list.add(dm);
        }
        m.put("devices", list);
        m.put("outcome", outcome);
        m.put("ended", ended == null ? null : ended.toString());
        m.put("accuracy", finite(accuracy));
        m.put("deviceAccuracy", finite(deviceAccuracy));
        m.put("epsilon", finite(epsilon));
        return m;
    }

    @SuppressWarnings("unchecked")
    static RoundResult fromJson(Map<String, Object> m) {
        RoundResult r = new RoundResult(PlanCodec.num(m, "round").longValue(), Instant.parse((String) m.get("started")),
                Instant.parse((String) m.get("deadline")), (List<String>) m.get("selected"),
                PlanCodec.num(m, "available").intValue());
        for (Object o : (List<Object>) m.get("devices")) {
            Map<String, Object> d = (Map<String, Object>) o;
            r.devices.add(new DeviceResult((String) d.get("device"), Boolean.TRUE.equals(d.get("accepted")),
                    PlanCodec.num(d, "samples").intValue(), (String) d.get("reason"), nan(d.get("deviceAccuracy")),
                    nan(d.get("loss")), PlanCodec.num(d, "bytes").longValue()));
        }
        r.outcome = (String) m.get("outcome");
        r.ended = m.get("ended") == null ? null : Instant.parse((String) m.get("ended"));
        r.accuracy = nan(m.get("accuracy"));
        r.deviceAccuracy = nan(m.get("deviceAccuracy"));
        r.epsilon = nan(m.get("epsilon"));
        return r;
    }

    static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double nan(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
