package org.modelgate.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rollout's target is cut into stages: explicit sizes ({@code 1}, {@code 5%}, {@code 25%}, {@code 100%}) or
 * Greengrass-style exponential growth (stage {@code i} takes {@code ceil(baseRate * factor^i)} more devices until all
 * are taken).
 *
 * @param sizes the explicit stage sizes, cumulative (each names how many of the target are updated by its end); empty
 *        when exponential
 * @param baseRate the first stage's device count (exponential), 0 when explicit
 * @param factor the growth factor per stage (exponential, above 1), 0 when explicit
 */
public record StagePlan(List<StageSize> sizes, int baseRate, double factor) {

    /** Checks and copies. */
    public StagePlan {
        sizes = List.copyOf(sizes);
        if (sizes.isEmpty() && (baseRate < 1 || !(factor > 1.0))) {
            throw new FleetException("stages: give explicit sizes (e.g. 1, 5%, 25%, 100%) or an exponential plan with"
                    + " baseRate >= 1 and factor > 1 (got baseRate " + baseRate + ", factor " + factor + ")");
        }
    }

    /**
     * Explicit stages; the last one is widened to 100 % when it names less.
     *
     * @param sizes sizes such as {@code "1"}, {@code "5%"}, {@code "100%"}
     * @return the plan
     */
    public static StagePlan explicit(String... sizes) {
        List<StageSize> parsed = new ArrayList<>();
        for (String size : sizes) {
            parsed.add(StageSize.parse(size));
        }
        return new StagePlan(parsed, 0, 0);
    }

    /**
     * Exponential stages.
     *
     * @param baseRate devices in the first stage (at least 1)
     * @param factor growth per stage (above 1)
     * @return the plan
     */
    public static StagePlan exponential(int baseRate, double factor) {
        return new StagePlan(List.of(), baseRate, factor);
    }

    /** The default: 1 device, 5 %, 25 %, 100 %. */
    public static StagePlan standard() {
        return explicit("1", "5%", "25%", "100%");
    }

    /**
     * Cuts a target of {@code total} devices into cumulative stage ends: the device counts updated by the end of
     * each stage, strictly rising, the last one {@code total}.
     *
     * @param total the number of target devices
     * @return the cumulative counts (empty for an empty target)
     */
    public List<Integer> cumulativeCounts(int total) {
        List<Integer> ends = new ArrayList<>();
        if (total <= 0) {
            return ends;
        }
        if (sizes.isEmpty()) {
            double step = baseRate;
            int done = 0;
            while (done < total) {
                done = (int) Math.min(total, done + Math.ceil(step));
                ends.add(done);
                step *= factor;
            }
            return ends;
        }
        for (StageSize size : sizes) {
            int end = Math.min(total, Math.max(1, size.of(total)));
            if (ends.isEmpty() || end > ends.get(ends.size() - 1)) {
                ends.add(end);
            }
        }
        if (ends.get(ends.size() - 1) < total) {
            ends.add(total);
        }
        return ends;
    }

    /** The plan as text: {@code 1,5%,25%,100%} or {@code exponential(2,2.0)}. */
    @Override
    public String toString() {
        return sizes.isEmpty() ? "exponential(" + baseRate + "," + factor + ")"
                : String.join(",", sizes.stream().map(StageSize::toString).toList());
    }

    /**
     * One explicit stage size: a device count or a percentage of the target.
     *
     * @param count devices (when {@code percent} is 0)
     * @param percent percent of the target, rounded up (0 when a count)
     */
    public record StageSize(int count, double percent) {
        /** Checks. */
        public StageSize {
            if (count < 0 || percent < 0 || percent > 100 || (count == 0 && percent == 0)) {
                throw new FleetException("stage size must be a device count >= 1 or a percentage in (0, 100], got count "
                        + count + ", percent " + percent);
            }
        }

        /**
         * Parses {@code "1"} or {@code "5%"}.
         *
         * @param text the size
         * @return the size
         * @throws FleetException when it is neither
         */
        public static StageSize parse(String text) {
            String t = text.trim();
            try {
                if (t.endsWith("%")) {
                    return new StageSize(0, Double.parseDouble(t.substring(0, t.length() - 1).trim()));
                }
                return new StageSize(Integer.parseInt(t), 0);
            } catch (NumberFormatException e) {
                throw new FleetException("stage size '" + text + "' is neither a device count (e.g. 1) nor a percentage (e.g. 5%)");
            }
        }

        /**
         * The devices this size means for a target.
         *
         * @param total the target's size
         * @return the devices
         */
        public int of(int total) {
            return percent > 0 ? (int) Math.ceil(total * percent / 100.0) : count;
        }

        @Override
        public String toString() {
            return percent > 0 ? (percent == Math.rint(percent) ? (long) percent + "%" : percent + "%") : String.valueOf(count);
        }
    }
}
