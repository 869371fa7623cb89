package org.modelgate.deploy.internal;

import org.modelgate.security.TrustedKey;

/**
 * A jar whose signature verified against the trust store: every entry signed by one trusted bundle signer.
 *
 * @param symbolicName the Bundle-SymbolicName, without directives
 * @param version the Bundle-Version as written (0.0.0 when absent)
 * @param fragment true when the bundle is a fragment (Fragment-Host), which is never started
 * @param signer the subject of the signer's certificate
 * @param key the trust store key that matches the certificate's public key
 * @param entries how many signed entries the jar holds
 */
record VerifiedJar(String symbolicName, String version, boolean fragment, String signer, TrustedKey key, int entries) {
}
