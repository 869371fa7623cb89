package org.modelgate.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.modelgate.api.ProfileEnergy;
import org.modelgate.spi.EnergyMeter;
import org.modelgate.spi.EnergyReading;

/**
 * The energy meters registered (whiteboard), read around a span of work: the joules of every meter that reads are
 * added up, and where none reads the result says why, never a number.
 */
final class EnergyMeters {
    static final String NONE = "no energy meter is registered: start the energy feature (org.modelgate.energy), "
            + "or a driver bundle that provides one";
    private final List<EnergyMeter> meters = new CopyOnWriteArrayList<>();

    void add(EnergyMeter meter) {
        meters.add(meter);
    }

    void remove(EnergyMeter meter) {
        meters.remove(meter);
    }

    /** Reads every meter now; {@link Span#end(int)} reads them again and gives the figures in between. */
    Span start() {
        List<EnergyMeter> now = List.copyOf(meters);
        List<EnergyReading> readings = new ArrayList<>(now.size());
        for (EnergyMeter meter : now) {
            readings.add(read(meter));
        }
        return new Span(now, readings);
    }

    /** A meter that throws is one that cannot read: profiling goes on without it. */
    private static EnergyReading read(EnergyMeter meter) {
        try {
            EnergyReading reading = meter.read();
            return reading == null ? EnergyReading.unavailable("the meter returned no reading") : reading;
        } catch (RuntimeException e) {
            return EnergyReading.unavailable("reading failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** The readings at the start of a span of work. */
    static final class Span {
        private final List<EnergyMeter> meters;
        private final List<EnergyReading> before;

        private Span(List<EnergyMeter> meters, List<EnergyReading> before) {
            this.meters = meters;
            this.before = before;
        }

        /**
         * The joules per inference and average watts since the start, added up over the meters that read at both
         * ends, or why there are none.
         */
        ProfileEnergy end(int inferences) {
            if (meters.isEmpty()) {
                return ProfileEnergy.unavailable(NONE);
            }
            double joules = 0;
            double watts = 0;
            double seconds = 0;
            List<String> read = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (int i = 0; i < meters.size(); i++) {
                EnergyMeter meter = meters.get(i);
                EnergyReading after = read(meter);
                EnergyReading first = before.get(i);
                String name = name(meter);
                if (!first.readable() || !after.readable()) {
                    why.add(name + ": " + (first.readable() ? after.unavailable() : first.unavailable()));
                } else if (after.joulesSince(first) < 0 || after.secondsSince(first) <= 0) {
                    why.add(name + String.format(Locale.ROOT, ": went from %.6f J to %.6f J in %.3f ms, which no meter "
                            + "should", first.joules(), after.joules(), after.secondsSince(first) * 1e3));
                } else {
                    joules += after.joulesSince(first);
                    watts += after.joulesSince(first) / after.secondsSince(first);
                    seconds = Math.max(seconds, after.secondsSince(first));
                    read.add(name);
                }
            }
            if (read.isEmpty()) {
                return ProfileEnergy.unavailable("no energy meter could read: " + String.join("; ", why));
            }
            if (joules == 0) {
                return ProfileEnergy.unavailable(String.format(Locale.ROOT, "the meters %s did not move over %.1f ms "
                        + "of runs: profile with more runs", read, seconds * 1e3));
            }
            return ProfileEnergy.measured(joules / Math.max(1, inferences), watts, read);
        }

        private static String name(EnergyMeter meter) {
            try {
                return meter.name();
            } catch (RuntimeException e) {
                return meter.getClass().getName();
            }
        }
    }
}
