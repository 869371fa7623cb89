package org.modelgate.access.internal;

import java.util.Set;

/**
 * One line of the token store: a name, the SHA-256 of the secret token, the roles it grants.
 *
 * @param name who holds it, e.g. {@code ci-deployer}
 * @param hash SHA-256 of the token's text (32 bytes)
 * @param roles e.g. {@code infer}, {@code manage}
 */
record Token(String name, byte[] hash, Set<String> roles) {
    Token {
        roles = Set.copyOf(roles);
        hash = hash.clone();
    }
}
