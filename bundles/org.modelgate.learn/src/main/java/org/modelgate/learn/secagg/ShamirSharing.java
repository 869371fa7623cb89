package org.modelgate.learn.secagg;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Map;

/**
 * Shamir's t-of-n secret sharing over the prime field GF(2^521 - 1) (the Mersenne prime M521, larger than any
 * 32-byte secret, so an X25519 private key or a 32-byte seed is one field element). Share i is the random
 * polynomial of degree t-1 with the secret as constant term, evaluated at x = i (1-based).
 */
final class ShamirSharing {
    static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
    static final int ELEMENT_BYTES = 66;
    static final int SECRET_BYTES = 32;

    private ShamirSharing() {
    }

    static boolean isFieldElement(BigInteger value) {
        return value != null && value.signum() >= 0 && value.compareTo(PRIME) < 0;
    }

    /** Shares a 32-byte secret; element i-1 of the result is the share at x = i, for i = 1..n. */
    static BigInteger[] share(byte[] secret, int threshold, int n, SecureRandom random) {
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = new BigInteger(1, secret);
        for (int k = 1; k < threshold; k++) {
            coefficients[k] = new BigInteger(521, random).mod(PRIME);
        }
        BigInteger[] shares = new BigInteger[n];
        for (int i = 1; i <= n; i++) {
            BigInteger x = BigInteger.valueOf(i);
            BigInteger y = BigInteger.ZERO;
            for (int k = threshold - 1; k >= 0; k--) {
                y = y.multiply(x).add(coefficients[k]).mod(PRIME);
            }
            shares[i - 1] = y;
        }
        return shares;
    }

    /** Lagrange interpolation at 0 from shares keyed by their x-coordinate; the secret as 32 bytes. */
    static byte[] reconstruct(Map<Integer, BigInteger> sharesByX) {
        BigInteger secret = BigInteger.ZERO;
        for (Map.Entry<Integer, BigInteger> share : sharesByX.entrySet()) {
            BigInteger xi = BigInteger.valueOf(share.getKey());
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (Integer other : sharesByX.keySet()) {
                if (!other.equals(share.getKey())) {
                    BigInteger xj = BigInteger.valueOf(other);
                    numerator = numerator.multiply(xj).mod(PRIME);
                    denominator = denominator.multiply(xj.subtract(xi)).mod(PRIME);
                }
            }
            BigInteger basis = numerator.multiply(denominator.modInverse(PRIME)).mod(PRIME);
            secret = secret.add(share.getValue().multiply(basis)).mod(PRIME);
        }
        if (secret.bitLength() > SECRET_BYTES * 8) {
            throw new SecAggException("the shares do not reconstruct a 32-byte secret: they are inconsistent "
                + "(a client sent a wrong share)");
        }
        return toBytes(secret, SECRET_BYTES);
    }

    static byte[] toFixedBytes(BigInteger element) {
        return toBytes(element, ELEMENT_BYTES);
    }

    private static byte[] toBytes(BigInteger value, int length) {
        byte[] magnitude = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(magnitude.length, length);
        System.arraycopy(magnitude, magnitude.length - copy, fixed, length - copy, copy);
        return fixed;
    }
}
