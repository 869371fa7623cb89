package org.modelgate.optimize.prune;

/**
 * Settings of magnitude pruning.
 *
 * @param sparsity the share of weights (or channels) set to zero in each pruned tensor, above 0 and below 1
 * @param structure single weights or whole output channels
 */
public record PruneOptions(double sparsity, PruneStructure structure) {
    public PruneOptions {
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity " + sparsity + " must lie between 0 and 1 (0.5 zeroes half the weights)");
        }
    }
}
