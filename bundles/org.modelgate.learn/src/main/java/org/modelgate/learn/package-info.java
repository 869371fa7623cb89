/**
 * Federated learning's computation, shared by the gateways and the aggregator: a gateway trains on data it keeps
 * ({@link org.modelgate.learn.LocalTraining}, FedProx when {@code mu > 0}), clips and noises its update
 * ({@link org.modelgate.learn.ClientPrivacy}) and sends it ({@link org.modelgate.learn.UpdateCodec}); the aggregator
 * checks each update ({@link org.modelgate.learn.UpdateValidator}), combines the accepted ones
 * ({@link org.modelgate.learn.Aggregation}: FedAvg, trimmed mean, coordinate-wise median) and keeps the privacy
 * budget ({@link org.modelgate.learn.PrivacyAccountant}, RDP of the sampled Gaussian mechanism).
 *
 * <pre>
 * ClientUpdate update = LocalTraining.train("gw-7", round, global, localData,
 *         new TrainingBudget(2, 16, 0.05, Duration.ofSeconds(30)), 0.0, seed);
 * // on the aggregator
 * UpdateValidator validator = new UpdateValidator(global.parameterCount(), 50.0);
 * List&lt;ClientUpdate&gt; accepted = updates.stream().filter(u -&gt; validator.problem(u).isEmpty()).toList();
 * float[] delta = Aggregation.of(AggregationRule.FEDAVG, 0).combine(accepted);
 * </pre>
 *
 * <p>Pure computation without services or threads of its own. Modelgate provides these types; callers use them.
 */
@Export
@Version("1.0.0")
package org.modelgate.learn;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
