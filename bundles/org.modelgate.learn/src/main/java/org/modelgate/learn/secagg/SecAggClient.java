package org.modelgate.learn.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One client's side of one secure aggregation round (a gateway): call the four steps in order, each once, and send
 * what each returns to the server. A client object serves one round only; a restarted round needs a new one (new
 * keys, new round id).
 *
 * <pre>
 * SecAggClient client = new SecAggClient("gw-03", parameters, new SecureRandom());
 * send(client.advertise().toBytes());
 * send(EncryptedShare.listToBytes(client.shareKeys(KeyAdvert.listFromBytes(advertsFromServer))));
 * send(client.maskedInput(codec.encode(update), EncryptedShare.listFromBytes(sharesForMe)).toBytes());
 * send(client.unmask(UnmaskRequest.fromBytes(request).survivors()).toBytes());
 * </pre>
 *
 * <p>Not thread-safe: one round's steps run one after the other.
 */
public final class SecAggClient {
    private final String id;
    private final SecAggParameters parameters;
    private final SecureRandom random;
    private final long modulusMask;

    private Step step = Step.NEW;
    private byte[] cipherPrivateKey;
    private byte[] maskPrivateKey;
    private byte[] selfMaskSeed;
    private KeyAdvert ownAdvert;
    /** U1: every advertised client, by id, sorted; a client's Shamir x-coordinate is its position + 1. */
    private SortedMap<String, KeyAdvert> advertised;
    /** Shares of each U2 client's (mask key, self-mask seed) held by this client, its own included. */
    private final SortedMap<String, BigInteger[]> heldShares = new TreeMap<>();
    private Set<String> sharers;

    private enum Step { NEW, ADVERTISED, SHARED, MASKED, UNMASKED }

    /**
     * Creates the client for one round.
     *
     * @param id this client's id, unique among the round's clients (the ordering of ids decides the signs of the
     *     pairwise masks)
     * @param parameters the round's parameters, the same for every client and the server
     * @param random the source of keys, seeds, share polynomials and nonces
     */
    public SecAggClient(String id, SecAggParameters parameters, SecureRandom random) {
        this.id = Wire.checkId(id, "the client id");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
        this.modulusMask = MaskStream.modulusMask(parameters.modulusBits());
    }

    /** Returns this client's id. */
    public String id() {
        return id;
    }

    /** Returns the round's parameters. */
    public SecAggParameters parameters() {
        return parameters;
    }

    /**
     * Round 0: makes this round's two X25519 key pairs and returns their public keys for the server.
     *
     * @return the advert
     * @throws SecAggException where called twice
     */
    public KeyAdvert advertise() {
        expect(Step.NEW, "advertise()");
        cipherPrivateKey = X25519.newPrivateKey(random);
        maskPrivateKey = X25519.newPrivateKey(random);
        ownAdvert = new KeyAdvert(id, X25519.publicKey(cipherPrivateKey), X25519.publicKey(maskPrivateKey));
        step = Step.ADVERTISED;
        return ownAdvert;
    }

    /**
     * Round 1: Shamir-shares this client's mask key and a fresh self-mask seed among all advertised clients
     * (threshold t) and encrypts each peer's shares for it.
     *
     * @param adverts every advert of the round as the server sent it, this client's own included
     * @return one share per other advertised client, for the server to route
     * @throws RoundFailedException where fewer than t clients advertised
     * @throws SecAggException where this client's own advert is missing or altered, an id or a key appears twice,
     *     or the step is out of order
     */
    public List<EncryptedShare> shareKeys(List<KeyAdvert> adverts) {
        expect(Step.ADVERTISED, "shareKeys(adverts)");
        advertised = RoundMembers.checkAdverts(adverts, parameters.threshold(), "client '" + id + "'");
        if (!ownAdvert.equals(advertised.get(id))) {
            throw new SecAggException("the server's adverts " + (advertised.containsKey(id)
                ? "carry other keys for '" + id + "' than it advertised" : "miss this client '" + id + "'"));
        }
        selfMaskSeed = new byte[ShamirSharing.SECRET_BYTES];
        random.nextBytes(selfMaskSeed);
        int n = advertised.size();
        BigInteger[] maskKeyShares = ShamirSharing.share(maskPrivateKey, parameters.threshold(), n, random);
        BigInteger[] seedShares = ShamirSharing.share(selfMaskSeed, parameters.threshold(), n, random);
        List<EncryptedShare> shares = new ArrayList<>(n - 1);
        int x = 0;
        for (KeyAdvert peer : advertised.values()) {
            BigInteger[] pair = {maskKeyShares[x], seedShares[x]};
            x++;
            if (peer.clientId().equals(id)) {
                heldShares.put(id, pair);
                continue;
            }
            byte[] key = shareKey(peer);
            byte[] plaintext = new byte[2 * ShamirSharing.ELEMENT_BYTES];
            System.arraycopy(ShamirSharing.toFixedBytes(pair[0]), 0, plaintext, 0, ShamirSharing.ELEMENT_BYTES);
            System.arraycopy(ShamirSharing.toFixedBytes(pair[1]), 0, plaintext, ShamirSharing.ELEMENT_BYTES,
                ShamirSharing.ELEMENT_BYTES);
            shares.add(new EncryptedShare(id, peer.clientId(),
                ShareCipher.encrypt(key, parameters.roundId(), id, peer.clientId(), plaintext, random)));
        }
        step = Step.SHARED;
        return List.copyOf(shares);
    }

    /**
     * Round 2: decrypts the shares the server routed to this client and masks the input: {@code y = x + PRG(b) +
     * sum over peers v > u of PRG(s_uv) - sum over peers v < u of PRG(s_uv) (mod 2^k)}, the peers being the clients
     * whose shares arrived.
     *
     * @param input this client's fixed-point vector ({@link FixedPoint#encode(float[])}), each element in
     *     {@code [0, 2^k)}, of the round's length
     * @param forMe the shares the server routed to this client
     * @return the masked input for the server
     * @throws RoundFailedException where fewer than t clients (this one included) shared keys
     * @throws SecAggException where a share is for another client, from an unknown client, repeated, fails its
     *     authentication, or the input has the wrong length or range
     */
    public MaskedInput maskedInput(long[] input, List<EncryptedShare> forMe) {
        expect(Step.SHARED, "maskedInput(input, forMe)");
        checkInput(input);
        SortedMap<String, BigInteger[]> received = new TreeMap<>();
        for (EncryptedShare share : forMe) {
            received.put(share.from(), open(share, received.keySet()));
        }
        if (received.size() + 1 < parameters.threshold()) {
            throw new RoundFailedException("client '" + id + "' received shares from " + received.size()
                + " peers; with itself that is below the threshold " + parameters.threshold());
        }
        heldShares.putAll(received);
        sharers = Set.copyOf(heldShares.keySet());
        long[] masked = input.clone();
        MaskStream.apply(masked, Kdf.derive(selfMaskSeed, Kdf.SELF_MASK, parameters.roundId()), 1,
            parameters.modulusBits());
        Arrays.fill(selfMaskSeed, (byte) 0);
        for (String peer : received.keySet()) {
            byte[] pairKey = Kdf.derive(X25519.agree(maskPrivateKey, advertised.get(peer).maskPublicKey(), peer),
                Kdf.PAIR_MASK, parameters.roundId());
            MaskStream.apply(masked, pairKey, id.compareTo(peer) < 0 ? 1 : -1, parameters.modulusBits());
        }
        step = Step.MASKED;
        return new MaskedInput(id, masked);
    }

    /**
     * Round 3: reveals, for each survivor, this client's share of its self-mask seed, and for each client that shared
     * keys but is not a survivor, this client's share of its mask key; never both for one client.
     *
     * @param survivors the clients whose masked inputs the server holds ({@link UnmaskRequest#survivors()})
     * @return the response for the server
     * @throws RoundFailedException where fewer than t survivors are listed (this client then reveals nothing)
     * @throws SecAggException where a survivor never shared keys with this client, this client is not listed
     *     although it sent its masked input, or the step is out of order
     */
    public UnmaskResponse unmask(Set<String> survivors) {
        expect(Step.MASKED, "unmask(survivors)");
        if (survivors.size() < parameters.threshold()) {
            throw new RoundFailedException("only " + survivors.size() + " survivors, below the threshold "
                + parameters.threshold() + ": client '" + id + "' reveals no shares; restart the round");
        }
        if (!survivors.contains(id)) {
            throw new SecAggException("client '" + id + "' sent its masked input but is not among the survivors "
                + survivors + "; it reveals no shares (its own mask key would unmask its input)");
        }
        Set<String> unknown = new HashSet<>(survivors);
        unknown.removeAll(sharers);
        if (!unknown.isEmpty()) {
            throw new SecAggException("survivors " + new TreeSet<>(unknown) + " never shared keys with client '"
                + id + "'; they cannot be in the sum");
        }
        Map<String, BigInteger> selfMaskShares = new TreeMap<>();
        Map<String, BigInteger> maskKeyShares = new TreeMap<>();
        heldShares.forEach((owner, pair) -> {
            if (survivors.contains(owner)) {
                selfMaskShares.put(owner, pair[1]);
            } else {
                maskKeyShares.put(owner, pair[0]);
            }
        });
        step = Step.UNMASKED;
        heldShares.clear();
        return new UnmaskResponse(id, selfMaskShares, maskKeyShares);
    }

    private BigInteger[] open(EncryptedShare share, Set<String> seen) {
        if (!share.to().equals(id)) {
            throw new SecAggException("share from '" + share.from() + "' is for '" + share.to() + "', not for client '"
                + id + "': the server routed it wrongly");
        }
        KeyAdvert sender = advertised.get(share.from());
        if (sender == null) {
            throw new SecAggException("share from '" + share.from() + "', which did not advertise in this round");
        }
        if (seen.contains(share.from())) {
            throw new SecAggException("a second share from '" + share.from() + "' for client '" + id + "'");
        }
        byte[] plaintext = ShareCipher.decrypt(shareKey(sender), parameters.roundId(), share);
        if (plaintext.length != 2 * ShamirSharing.ELEMENT_BYTES) {
            throw new SecAggException("share from '" + share.from() + "' holds " + plaintext.length + " bytes, expected "
                + 2 * ShamirSharing.ELEMENT_BYTES);
        }
        BigInteger maskKeyShare = new BigInteger(1, Arrays.copyOfRange(plaintext, 0, ShamirSharing.ELEMENT_BYTES));
        BigInteger seedShare = new BigInteger(1, Arrays.copyOfRange(plaintext, ShamirSharing.ELEMENT_BYTES,
            plaintext.length));
        if (!ShamirSharing.isFieldElement(maskKeyShare) || !ShamirSharing.isFieldElement(seedShare)) {
            throw new SecAggException("share from '" + share.from() + "' is not an element of the share field");
        }
        return new BigInteger[] {maskKeyShare, seedShare};
    }

    private byte[] shareKey(KeyAdvert peer) {
        return Kdf.derive(X25519.agree(cipherPrivateKey, peer.cipherPublicKey(), peer.clientId()), Kdf.SHARE_KEY,
            parameters.roundId());
    }

    private void checkInput(long[] input) {
        if (input == null || input.length != parameters.vectorLength()) {
            throw new SecAggException("client '" + id + "': input has " + (input == null ? "no" : input.length)
                + " elements, the round expects " + parameters.vectorLength());
        }
        for (int i = 0; i < input.length; i++) {
            if ((input[i] & ~modulusMask) != 0) {
                throw new SecAggException("client '" + id + "': input element " + i + " = " + input[i] + " is outside "
                    + "[0, 2^" + parameters.modulusBits() + "); encode it with FixedPoint");
            }
        }
    }

    private void expect(Step expected, String call) {
        if (step != expected) {
            throw new SecAggException("client '" + id + "': " + call + " called after step " + step
                + "; the steps run once each, in the order advertise, shareKeys, maskedInput, unmask");
        }
    }
}
