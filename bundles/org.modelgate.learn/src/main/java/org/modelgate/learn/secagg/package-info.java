/**
 * Secure aggregation for federated learning (Bonawitz et al., "Practical Secure Aggregation for
 * Privacy-Preserving Machine Learning", CCS 2017, the semi-honest server variant): the aggregator learns
 * the sum of the clients' update vectors and nothing else, and clients that drop out mid-round are handled
 * by Shamir shares of their mask keys.
 *
 * <p>The protocol runs in four message rounds. Each message is a record with {@code toBytes()} and a static
 * {@code fromBytes(byte[])}, so a transport (the fleet link over MQTT) carries each as an opaque payload:
 * <ol>
 * <li>advertise: every {@link org.modelgate.learn.secagg.SecAggClient} sends a
 * {@link org.modelgate.learn.secagg.KeyAdvert} (two X25519 public keys); the
 * {@link org.modelgate.learn.secagg.SecAggServer} returns the list of all adverts to every client;</li>
 * <li>share keys: every client sends {@link org.modelgate.learn.secagg.EncryptedShare}s (Shamir shares of its
 * mask key and self-mask seed, AES-GCM encrypted for each peer); the server only routes them;</li>
 * <li>masked input: every client sends a {@link org.modelgate.learn.secagg.MaskedInput} (its fixed-point
 * vector plus pairwise and self masks, mod 2^k); the server announces the survivors in an
 * {@link org.modelgate.learn.secagg.UnmaskRequest};</li>
 * <li>unmask: surviving clients send an {@link org.modelgate.learn.secagg.UnmaskResponse} (self-mask shares of
 * survivors, mask-key shares of dropped clients, never both for one client); the server removes the masks and
 * returns the exact sum.</li>
 * </ol>
 *
 * <pre>
 * SecAggParameters parameters = SecAggParameters.of("round-7", 2416, 14);
 * FixedPoint codec = FixedPoint.forClients(20, 1.0f, parameters.modulusBits());
 * SecAggClient client = new SecAggClient("gw-03", parameters, new SecureRandom());
 * KeyAdvert advert = client.advertise();                                    // to the server
 * List&lt;EncryptedShare&gt; shares = client.shareKeys(server.adverts());         // to the server
 * MaskedInput masked = client.maskedInput(codec.encode(update), routed.get("gw-03"));
 * UnmaskResponse response = client.unmask(server.survivors());
 * float[] sum = codec.decodeSum(server.sum(), server.survivors().size());
 * </pre>
 *
 * <p>Modelgate provides these types; callers (the learn client on the gateways, the aggregator in the
 * controller role, the transport between them) use them.
 */
@Export
@Version("1.0.0")
package org.modelgate.learn.secagg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
