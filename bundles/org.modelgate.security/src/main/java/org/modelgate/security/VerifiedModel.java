package org.modelgate.security;

import java.nio.file.Path;
import java.util.List;

/**
 * What a successful verification established about a model folder.
 *
 * @param folder the verified folder
 * @param name the model name the signer gave (the statement's subject name)
 * @param digest the statement's root digest: sha256 over the files' digests in path order, lowercase hex
 * @param signer the trusted key whose signature verified
 * @param files every file of the folder (model.sig aside), sorted by path, with its verified sha256
 */
public record VerifiedModel(Path folder, String name, String digest, TrustedKey signer, List<SignedFile> files) {
    /** Copies the file list. */
    public VerifiedModel {
        files = List.copyOf(files);
    }
}
