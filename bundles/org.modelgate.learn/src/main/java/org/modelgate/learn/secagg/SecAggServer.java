package org.modelgate.learn.secagg;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The aggregator's side of one secure aggregation round: collects the clients' messages, routes the encrypted
 * shares it cannot read, and at the end removes the masks to output the exact sum of the surviving clients' inputs
 * (mod 2^k). It never holds both the self-mask seed and the mask key of one client.
 *
 * <p>Each step closes when the caller (the round's driver, with its timeouts) asks for the step's result:
 * {@link #adverts()} closes round 0, {@link #route(List)} round 1, {@link #survivors()} round 2, {@link #sum()}
 * round 3. Clients that miss a step are dropped from there on. Whenever fewer than t clients remain, the call
 * throws {@link RoundFailedException} and the round must be restarted with new clients' keys and a new round id.
 *
 * <pre>
 * SecAggServer server = new SecAggServer(parameters);
 * adverts.forEach(server::accept);
 * broadcast(KeyAdvert.listToBytes(server.adverts()));
 * server.route(allShares).forEach((client, shares) -&gt; sendTo(client, EncryptedShare.listToBytes(shares)));
 * maskedInputs.forEach(server::accept);
 * broadcast(server.unmaskRequest().toBytes());
 * responses.forEach(server::accept);
 * float[] sum = codec.decodeSum(server.sum(), server.survivors().size());
 * </pre>
 *
 * <p>Not thread-safe: the caller serializes the messages of one round.
 */
public final class SecAggServer {
    private final SecAggParameters parameters;
    private final long modulusMask;
    private Step step = Step.ADVERTISING;

    private final Map<String, KeyAdvert> received = new LinkedHashMap<>();
    private SortedMap<String, KeyAdvert> advertised;
    private SortedMap<String, Integer> xCoordinates;
    private SortedSet<String> sharers;
    private final SortedMap<String, long[]> maskedInputs = new TreeMap<>();
    private SortedSet<String> survivors;
    private SortedSet<String> dropped;
    private final SortedMap<String, UnmaskResponse> responses = new TreeMap<>();
    private final SortedSet<String> reconstructedSelfMasks = new TreeSet<>();
    private final SortedSet<String> reconstructedMaskKeys = new TreeSet<>();
    private long[] sum;
    private RoundFailedException failure;

    private enum Step { ADVERTISING, SHARING, MASKING, UNMASKING, DONE }

    /**
     * Creates the server for one round.
     *
     * @param parameters the round's parameters, the same the clients use
     */
    public SecAggServer(SecAggParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.modulusMask = MaskStream.modulusMask(parameters.modulusBits());
    }

    /** Returns the round's parameters. */
    public SecAggParameters parameters() {
        return parameters;
    }

    /**
     * Round 0: takes a client's advert.
     *
     * @param advert the advert
     * @throws SecAggException where the client already advertised, its keys repeat another client's, or round 0 is
     *     closed
     */
    public void accept(KeyAdvert advert) {
        expect(Step.ADVERTISING, "advert of '" + advert.clientId() + "'");
        if (received.containsKey(advert.clientId())) {
            throw new SecAggException("duplicate advert from '" + advert.clientId() + "': a client advertises once "
                + "per round");
        }
        List<KeyAdvert> all = new ArrayList<>(received.values());
        all.add(advert);
        RoundMembers.checkAdverts(all, 0, "server");
        received.put(advert.clientId(), advert);
    }

    /**
     * Closes round 0 (on the first call) and returns the adverts every client needs for round 1, sorted by id.
     *
     * @return every advert received
     * @throws RoundFailedException where fewer than t clients advertised
     */
    public List<KeyAdvert> adverts() {
        if (step == Step.ADVERTISING) {
            if (received.size() < parameters.threshold()) {
                throw fail(received.size() + " clients advertised, below the threshold " + parameters.threshold()
                    + "; restart the round with more clients or a lower threshold");
            }
            advertised = RoundMembers.checkAdverts(List.copyOf(received.values()), parameters.threshold(), "server");
            xCoordinates = RoundMembers.xCoordinates(advertised);
            step = Step.SHARING;
        }
        checkNotFailed();
        return List.copyOf(advertised.values());
    }

    /**
     * Round 1: takes every share the clients sent (in any order) and returns, for each client that shared keys
     * with every other advertised client, the shares addressed to it. A client whose shares are incomplete is
     * treated as dropped in round 1; its shares are not routed. Closes round 1.
     *
     * @param shares all shares received in round 1
     * @return recipient id to the shares for it (sorted by sender), for every client in the round from here on
     * @throws RoundFailedException where fewer than t clients shared keys completely
     * @throws SecAggException where a share comes from or goes to a client that did not advertise, or is repeated;
     *     the server's state is then unchanged
     */
    public Map<String, List<EncryptedShare>> route(List<EncryptedShare> shares) {
        if (step == Step.ADVERTISING) {
            throw new SecAggException("shares arrived before round 0 was closed; call adverts() first");
        }
        expect(Step.SHARING, "route(shares)");
        SortedMap<String, SortedMap<String, EncryptedShare>> bySender = new TreeMap<>();
        for (EncryptedShare share : shares) {
            for (String client : List.of(share.from(), share.to())) {
                if (!advertised.containsKey(client)) {
                    throw new SecAggException("share " + share.from() + " -> " + share.to() + ": '" + client
                        + "' did not advertise in round 0");
                }
            }
            if (bySender.computeIfAbsent(share.from(), k -> new TreeMap<>()).put(share.to(), share) != null) {
                throw new SecAggException("duplicate share " + share.from() + " -> " + share.to());
            }
        }
        SortedSet<String> complete = new TreeSet<>();
        bySender.forEach((sender, sent) -> {
            if (sent.size() == advertised.size() - 1) {
                complete.add(sender);
            }
        });
        if (complete.size() < parameters.threshold()) {
            throw fail(complete.size() + " clients shared keys with every other advertised client, below the "
                + "threshold " + parameters.threshold() + "; restart the round");
        }
        sharers = Collections.unmodifiableSortedSet(complete);
        Map<String, List<EncryptedShare>> routed = new TreeMap<>();
        for (String recipient : sharers) {
            List<EncryptedShare> forRecipient = new ArrayList<>();
            for (String sender : sharers) {
                if (!sender.equals(recipient)) {
                    forRecipient.add(bySender.get(sender).get(recipient));
                }
            }
            routed.put(recipient, List.copyOf(forRecipient));
        }
        step = Step.MASKING;
        return Collections.unmodifiableMap(routed);
    }

    /**
     * Round 2: takes a client's masked input.
     *
     * @param input the masked input
     * @throws SecAggException where the client did not share keys in round 1, sent twice, or sent a vector of the
     *     wrong length or range, or round 2 is closed
     */
    public void accept(MaskedInput input) {
        expect(Step.MASKING, "masked input of '" + input.clientId() + "'");
        String client = input.clientId();
        if (!sharers.contains(client)) {
            throw new SecAggException("masked input of '" + client + "', which did not share keys in round 1: its "
                + "masks cannot be removed");
        }
        if (maskedInputs.containsKey(client)) {
            throw new SecAggException("duplicate masked input from '" + client + "'");
        }
        long[] values = input.values();
        if (values.length != parameters.vectorLength()) {
            throw new SecAggException("masked input of '" + client + "' has " + values.length + " elements, the round "
                + "expects " + parameters.vectorLength());
        }
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & ~modulusMask) != 0) {
                throw new SecAggException("masked input of '" + client + "': element " + i + " is outside [0, 2^"
                    + parameters.modulusBits() + ")");
            }
        }
        maskedInputs.put(client, values);
    }

    /**
     * Closes round 2 (on the first call) and returns the survivors: the clients whose masked input the server
     * holds. Their inputs make the sum, even if some of them drop before unmasking.
     *
     * @return the survivors, sorted
     * @throws RoundFailedException where fewer than t masked inputs arrived
     * @throws SecAggException where called before round 2
     */
    public Set<String> survivors() {
        if (step == Step.MASKING) {
            if (maskedInputs.size() < parameters.threshold()) {
                throw fail(maskedInputs.size() + " masked inputs arrived, below the threshold "
                    + parameters.threshold() + "; restart the round");
            }
            survivors = Collections.unmodifiableSortedSet(new TreeSet<>(maskedInputs.keySet()));
            SortedSet<String> gone = new TreeSet<>(sharers);
            gone.removeAll(survivors);
            dropped = Collections.unmodifiableSortedSet(gone);
            step = Step.UNMASKING;
        }
        if (survivors == null) {
            checkNotFailed();
            throw new SecAggException("survivors() called before round 2 (masked inputs); the round is at " + step);
        }
        return survivors;
    }

    /**
     * Closes round 2 like {@link #survivors()} and returns the request to send to every survivor.
     *
     * @return the unmask request
     * @throws RoundFailedException where fewer than t masked inputs arrived
     */
    public UnmaskRequest unmaskRequest() {
        return new UnmaskRequest(survivors());
    }

    /**
     * Returns the clients that shared keys in round 1 but sent no masked input: their mask keys are reconstructed,
     * their inputs are not in the sum.
     *
     * @return the dropped clients, sorted (empty before round 2 closes)
     */
    public Set<String> dropped() {
        return dropped == null ? Set.of() : dropped;
    }

    /**
     * Round 3: takes a survivor's unmask response.
     *
     * @param response the response
     * @throws SecAggException where the responder is not a survivor or answered twice, or the response does not
     *     hold exactly the survivors' self-mask shares and the dropped clients' mask-key shares
     */
    public void accept(UnmaskResponse response) {
        expect(Step.UNMASKING, "unmask response of '" + response.clientId() + "'");
        String client = response.clientId();
        if (!survivors.contains(client)) {
            throw new SecAggException("unmask response of '" + client + "', which is not a survivor");
        }
        if (responses.containsKey(client)) {
            throw new SecAggException("duplicate unmask response from '" + client + "'");
        }
        if (!response.selfMaskShares().keySet().equals(survivors)) {
            throw new SecAggException("unmask response of '" + client + "' holds self-mask shares of "
                + response.selfMaskShares().keySet() + ", expected exactly the survivors " + survivors);
        }
        if (!response.maskKeyShares().keySet().equals(dropped)) {
            throw new SecAggException("unmask response of '" + client + "' holds mask-key shares of "
                + response.maskKeyShares().keySet() + ", expected exactly the dropped clients " + dropped);
        }
        responses.put(client, response);
    }

    /**
     * Closes round 3 (on the first call): reconstructs the survivors' self-mask seeds and the dropped clients' mask
     * keys from t responses, removes every mask and returns the sum of the survivors' inputs.
     *
     * @return the sum mod 2^k, one element per coordinate ({@link FixedPoint#decodeSum(long[], int)} with
     *     {@code survivors().size()} clients)
     * @throws RoundFailedException where fewer than t survivors answered the unmask request
     * @throws SecAggException where called before round 3, or the shares are inconsistent
     */
    public long[] sum() {
        if (step == Step.UNMASKING) {
            if (responses.size() < parameters.threshold()) {
                throw new RoundFailedException(responses.size() + " of " + survivors.size() + " survivors answered "
                    + "the unmask request, below the threshold " + parameters.threshold() + "; wait for more or "
                    + "restart the round");
            }
            sum = new Unmasking(parameters, advertised, xCoordinates, survivors, dropped, responses)
                .sum(maskedInputs, reconstructedSelfMasks, reconstructedMaskKeys);
            step = Step.DONE;
        }
        if (sum == null) {
            checkNotFailed();
            throw new SecAggException("sum() called before the unmask responses; the round is at " + step);
        }
        return sum.clone();
    }

    /**
     * Returns the clients whose self-mask seed the server has reconstructed (the survivors, once {@link #sum()}
     * ran). Disjoint from {@link #reconstructedMaskKeys()}: the server never holds both secrets of one client.
     *
     * @return the owners, sorted
     */
    public Set<String> reconstructedSelfMasks() {
        return Collections.unmodifiableSortedSet(reconstructedSelfMasks);
    }

    /**
     * Returns the clients whose mask key the server has reconstructed (the dropped ones, once {@link #sum()} ran).
     *
     * @return the owners, sorted
     */
    public Set<String> reconstructedMaskKeys() {
        return Collections.unmodifiableSortedSet(reconstructedMaskKeys);
    }

    private RoundFailedException fail(String reason) {
        failure = new RoundFailedException(reason);
        step = Step.DONE;
        return failure;
    }

    private void checkNotFailed() {
        if (failure != null) {
            throw new RoundFailedException("the round failed earlier: " + failure.getMessage());
        }
    }

    private void expect(Step expected, String what) {
        checkNotFailed();
        if (step != expected) {
            throw new SecAggException(what + " refused: the round is at step " + step + ", not " + expected);
        }
    }

    /** Shamir x-coordinates of the responders and their shares of one owner's secret. */
    static Map<Integer, BigInteger> sharesOf(String owner, boolean selfMask, Map<String, UnmaskResponse> responses,
                                             Map<String, Integer> xCoordinates, int threshold) {
        Map<Integer, BigInteger> shares = new TreeMap<>();
        for (UnmaskResponse response : responses.values()) {
            Map<String, BigInteger> kind = selfMask ? response.selfMaskShares() : response.maskKeyShares();
            shares.put(xCoordinates.get(response.clientId()), kind.get(owner));
            if (shares.size() == threshold) {
                break;
            }
        }
        return shares;
    }

    static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both;
    }
}
