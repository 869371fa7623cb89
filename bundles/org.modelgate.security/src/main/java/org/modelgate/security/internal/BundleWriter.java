package org.modelgate.security.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Writes a Sigstore bundle v0.3 with a DSSE envelope, field for field as model_signing's key signer does. */
final class BundleWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private BundleWriter() {
    }

    static byte[] write(SigstoreBundle bundle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("mediaType", SigstoreBundle.MEDIA_TYPE);
            g.writeObjectFieldStart("verificationMaterial");
            if (bundle.signedWithCertificate()) {
                // model_signing's certificate method: the signing certificate, then the chain, DER in base64.
                g.writeObjectFieldStart("x509CertificateChain");
                g.writeArrayFieldStart("certificates");
                for (byte[] der : bundle.certificates()) {
                    g.writeStartObject();
                    g.writeStringField("rawBytes", Base64.getEncoder().encodeToString(der));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            } else {
                g.writeObjectFieldStart("publicKey");
                g.writeStringField("hint", bundle.keyHint());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("tlogEntries");
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("dsseEnvelope");
            g.writeStringField("payload", Base64.getEncoder().encodeToString(bundle.payload()));
            g.writeStringField("payloadType", bundle.payloadType());
            g.writeArrayFieldStart("signatures");
            g.writeStartObject();
            g.writeStringField("sig", Base64.getEncoder().encodeToString(bundle.signature()));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
