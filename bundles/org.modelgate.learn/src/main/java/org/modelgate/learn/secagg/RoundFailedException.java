package org.modelgate.learn.secagg;

/**
 * The round cannot complete: fewer clients than the threshold are left at some step (advertised, shared keys,
 * sent a masked input, or answered the unmask request). The aggregator must restart the round with fresh
 * {@link SecAggClient}s and {@link SecAggServer} (new keys, a new round id); nothing of the failed round is
 * reused.
 */
public class RoundFailedException extends SecAggException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the step and the counts that failed the round
     */
    public RoundFailedException(String message) {
        super(message);
    }
}
