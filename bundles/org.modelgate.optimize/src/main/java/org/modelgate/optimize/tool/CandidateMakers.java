package org.modelgate.optimize.tool;

import java.util.List;

import org.modelgate.optimize.quantize.DynamicInt8Candidate;

/** The one list of candidates {@code mg:optimize} tries, in report order. A new optimization adds one line here. */
public final class CandidateMakers {
    private CandidateMakers() {
    }

    /**
     * Every candidate maker.
     *
     * @return them, in report order
     */
    public static List<CandidateMaker> all() {
        return List.of(
                new DynamicInt8Candidate());
    }
}
