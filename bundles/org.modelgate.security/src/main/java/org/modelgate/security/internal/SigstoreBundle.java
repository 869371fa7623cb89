package org.modelgate.security.internal;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.modelgate.json.StrictJson;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;

/**
 * The parts of a Sigstore bundle v0.3 (JSON form of {@code dev.sigstore.bundle.v1.Bundle}) that the
 * key method of model_signing uses: the key hint and one DSSE envelope.
 *
 * @param keyHint {@code verificationMaterial.publicKey.hint}, or null when absent (pre-1.0 bundles, certificates)
 * @param certificates {@code verificationMaterial.x509CertificateChain.certificates[].rawBytes}, DER, signing
 *     certificate first (model_signing's certificate method); empty for the key method
 * @param payloadType {@code dsseEnvelope.payloadType}
 * @param payload {@code dsseEnvelope.payload}, base64-decoded: the in-toto statement JSON
 * @param signature {@code dsseEnvelope.signatures[0].sig}, base64-decoded: an ASN.1 DER ECDSA signature
 */
record SigstoreBundle(String keyHint, List<byte[]> certificates, String payloadType, byte[] payload, byte[] signature) {
    static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    /** The same version in the spelling older Sigstore clients write. */
    static final String MEDIA_TYPE_ALT = "application/vnd.dev.sigstore.bundle+json;version=0.3";
    private static final String DOC = "model.sig";
    /** A signing certificate, its intermediates and perhaps the root: more is not a chain but a mistake or an attack. */
    static final int MAX_CHAIN = 10;

    /** A key-method bundle. */
    SigstoreBundle(String keyHint, String payloadType, byte[] payload, byte[] signature) {
        this(keyHint, List.of(), payloadType, payload, signature);
    }

    SigstoreBundle {
        certificates = List.copyOf(certificates);
    }

    /** Whether the bundle was signed with a certificate (model_signing sign certificate). */
    boolean signedWithCertificate() {
        return !certificates.isEmpty();
    }

    /**
     * Parses bundle JSON.
     *
     * @param json the bytes of model.sig
     * @return the bundle parts
     * @throws ModelSignatureException {@link SignatureProblem#MALFORMED_BUNDLE} for bad JSON or fields,
     *     {@link SignatureProblem#UNSUPPORTED_FORMAT} for another bundle version or signing method
     */
    static SigstoreBundle parse(byte[] json) throws ModelSignatureException {
        Object tree;
        try {
            tree = StrictJson.read(json);
        } catch (IOException | RuntimeException e) {
            throw new ModelSignatureException(SignatureProblem.MALFORMED_BUNDLE,
                    DOC + " is not valid JSON: " + firstLine(e.getMessage()), List.of(), e);
        }
        JsonFields bundle = JsonFields.root(tree, SignatureProblem.MALFORMED_BUNDLE, DOC);
        String mediaType = bundle.string("mediaType");
        if (!mediaType.equals(MEDIA_TYPE) && !mediaType.equals(MEDIA_TYPE_ALT)) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC + " has mediaType '" + mediaType
                    + "'; expected " + MEDIA_TYPE, List.of());
        }
        JsonFields material = bundle.object("verificationMaterial");
        String hint = null;
        List<byte[]> certificates = List.of();
        if (material.has("certificate") || material.arraySize("tlogEntries") > 0) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC + " is a Sigstore keyless signature"
                    + " (a short-lived Fulcio certificate" + (material.has("certificate") ? "" : " chain")
                    + " and Rekor transparency log entries): verifying it needs the online transparency log or a pinned"
                    + " Sigstore trusted root, which this gateway does not have offline; sign with a key (model_signing sign"
                    + " key, mgpack pack --key) or with your organisation's certificate (model_signing sign certificate,"
                    + " mgpack pack --cert --chain --key) instead", List.of());
        } else if (material.has("publicKey")) {
            hint = material.object("publicKey").optString("hint");
        } else if (material.has("x509CertificateChain")) {
            certificates = certificates(material.object("x509CertificateChain"));
        } else {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC
                    + " names no signer (verificationMaterial holds neither publicKey nor x509CertificateChain);"
                    + " sign with model_signing sign key or sign certificate", List.of());
        }
        if (!bundle.has("dsseEnvelope")) {
            throw new ModelSignatureException(SignatureProblem.UNSUPPORTED_FORMAT, DOC
                    + " holds no dsseEnvelope (a plain messageSignature is not a model signature)", List.of());
        }
        JsonFields envelope = bundle.object("dsseEnvelope");
        String payloadType = envelope.string("payloadType");
        byte[] payload = base64(envelope, "payload");
        List<JsonFields> signatures = envelope.objects("signatures");
        if (signatures.size() != 1) {
            throw envelope.refuse("signatures", "holds " + signatures.size() + " signatures; model_signing writes exactly one");
        }
        byte[] signature = base64(signatures.get(0), "sig");
        return new SigstoreBundle(hint, certificates, payloadType, payload, signature);
    }

    private static List<byte[]> certificates(JsonFields chain) throws ModelSignatureException {
        List<JsonFields> entries = chain.objects("certificates");
        if (entries.isEmpty()) {
            throw chain.refuse("certificates", "is empty; the signing certificate comes first");
        }
        if (entries.size() > MAX_CHAIN) {
            throw chain.refuse("certificates", "holds " + entries.size() + " certificates; a signing chain has at most "
                    + MAX_CHAIN);
        }
        List<byte[]> der = new java.util.ArrayList<>();
        for (JsonFields entry : entries) {
            der.add(base64(entry, "rawBytes"));
        }
        return der;
    }

    private static byte[] base64(JsonFields object, String name) throws ModelSignatureException {
        String text = object.string(name);
        try {
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            throw object.refuse(name, "is not base64");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
