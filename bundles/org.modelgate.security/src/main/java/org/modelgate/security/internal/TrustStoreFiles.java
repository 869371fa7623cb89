package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.modelgate.api.Operator;
import org.modelgate.audit.AuditLog;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreAdmin;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedKey;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The trust store folder as {@link TrustStoreAdmin}: each change is a new file written next to its
 * target as {@code .NAME.tmp}, synced, renamed into place and the folder synced (the loader skips
 * such leftovers of a power cut), then checked by loading the whole store again, then audited.
 * One change at a time.
 */
@Component(configurationPid = TrustedModels.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public class TrustStoreFiles implements TrustStoreAdmin {
    static final String ACTOR = "modelgate";
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern HINT = Pattern.compile("[0-9a-f]{64}");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    private final Path folder;

    /**
     * Serves the trust store named in the configuration.
     *
     * @param config where the store is
     */
    @Activate
    public TrustStoreFiles(TrustedModels.Config config) {
        this(Path.of(config.trustStore()));
    }

    TrustStoreFiles(Path folder) {
        this.folder = folder;
    }

    @Override
    public Path folder() {
        return folder;
    }

    @Override
    public TrustStore current() throws TrustStoreException {
        return TrustStore.load(folder);
    }

    @Override
    public synchronized TrustedKey add(KeyRole role, String name, String pem) throws TrustStoreException {
        Path roleFolder = folder.resolve(role.folderName());
        Path target = roleFolder.resolve(name + ".pem");
        if (name == null || !KEY_NAME.matcher(name).matches()) {
            throw new TrustStoreException(target, "key name '" + name + "' must be letters, digits, '.', '_' or '-'", null);
        }
        TrustStore before = current();
        if (Files.exists(target)) {
            throw new TrustStoreException(target, "a key named '" + name + "' is already in " + role.folderName()
                    + "/; pick another name (a rotated key gets a new name, e.g. with the year)", null);
        }
        String hint;
        try {
            List<PemFile.Block> blocks = PemFile.parse(target, pem);
            hint = EcKeys.hint(role == KeyRole.BUNDLE_SIGNER ? BundleSignerKeys.publicKey(target, blocks)
                    : EcKeys.publicKey(target, blocks));
        } catch (KeyFileException e) {
            throw new TrustStoreException(target, "the key to add " + e.getMessage().substring(target.toString().length() + 2), e);
        }
        Optional<TrustedKey> same = before.withHint(hint).stream().filter(k -> k.role() == role).findFirst();
        if (same.isPresent()) {
            throw new TrustStoreException(target, "this key is already in " + role.folderName() + "/ as '"
                    + same.get().id() + "'", null);
        }
        try {
            Files.createDirectories(roleFolder);
            writeDurably(target, pem.endsWith("\n") ? pem : pem + "\n");
        } catch (IOException e) {
            throw new TrustStoreException(target, "cannot be written: " + e, e);
        }
        TrustStore after = loadOrUndo(target);
        TrustedKey added = after.keys().stream().filter(k -> k.role() == role && k.id().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the key written to " + target + " did not load back"));
        record("trust.key.added", role.folderName() + "/" + name, details(added));
        return added;
    }

    @Override
    public synchronized List<TrustedKey> revoke(String nameOrHint) throws TrustStoreException {
        Path revokedFile = folder.resolve(TrustStoreLoader.REVOKED_FILE);
        TrustStore before = current();
        String wanted = nameOrHint == null ? "" : nameOrHint.strip();
        if (wanted.toLowerCase(java.util.Locale.ROOT).startsWith("serial:")) {
            return revokeSerial(revokedFile, TrustStoreLoader.serialEntry(revokedFile, 0, wanted));
        }
        List<TrustedKey> matching = HINT.matcher(wanted).matches() ? before.withHint(wanted)
                : before.keys().stream().filter(k -> k.id().equals(wanted)).toList();
        if (matching.isEmpty() && !HINT.matcher(wanted).matches()) {
            throw new TrustStoreException(revokedFile, "no key named '" + wanted + "' in the trust store (mg:trust lists them);"
                    + " a key whose file is gone is revoked by its 64-hex hint", null);
        }
        if (!matching.isEmpty() && matching.stream().allMatch(TrustedKey::revoked)) {
            throw new TrustStoreException(revokedFile, "'" + wanted + "' is already revoked", null);
        }
        // Revoke by hint: it stays revoked if the file is removed or added again under another name.
        String hint = matching.isEmpty() ? wanted : matching.get(0).hint();
        String line = hint + "  # " + (matching.isEmpty() ? "" : matching.get(0).id() + ", ") + "revoked "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by " + actor() + "\n";
        try {
            String old = Files.exists(revokedFile) ? Files.readString(revokedFile, StandardCharsets.UTF_8) : "";
            writeDurably(revokedFile, old + (old.isEmpty() || old.endsWith("\n") ? "" : "\n") + line);
        } catch (IOException e) {
            throw new TrustStoreException(revokedFile, "cannot be written: " + e, e);
        }
        List<TrustedKey> now = current().withHint(hint);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("hint", hint);
        details.put("roles", String.join(",", now.stream().map(k -> k.role().folderName()).toList()));
        record("trust.key.revoked", matching.isEmpty() ? hint : matching.get(0).id(), details);
        return now;
    }

    /** A certificate's serial number: whatever certificate of a signing chain has it verifies nothing any more. */
    private List<TrustedKey> revokeSerial(Path revokedFile, String entry) throws TrustStoreException {
        if (current().isRevokedEntry(entry)) {
            throw new TrustStoreException(revokedFile, "'" + entry + "' is already revoked", null);
        }
        String line = entry + "  # revoked " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by " + actor() + "\n";
        try {
            String old = Files.exists(revokedFile) ? Files.readString(revokedFile, StandardCharsets.UTF_8) : "";
            writeDurably(revokedFile, old + (old.isEmpty() || old.endsWith("\n") ? "" : "\n") + line);
        } catch (IOException e) {
            throw new TrustStoreException(revokedFile, "cannot be written: " + e, e);
        }
        record("trust.certificate.revoked", entry, new LinkedHashMap<>());
        return List.of();
    }

    @Override
    public synchronized TrustedKey remove(KeyRole role, String name) throws TrustStoreException {
        Path target = folder.resolve(role.folderName()).resolve(name + ".pem");
        TrustedKey key = current().keys().stream().filter(k -> k.role() == role && k.id().equals(name)).findFirst()
                .orElseThrow(() -> new TrustStoreException(target, "no key '" + name + "' in " + role.folderName()
                        + "/ (mg:trust lists the keys)", null));
        try {
            Files.delete(target);
            syncFolder(target.getParent());
        } catch (IOException e) {
            throw new TrustStoreException(target, "cannot be removed: " + e, e);
        }
        record("trust.key.removed", role.folderName() + "/" + name, details(key));
        return key;
    }

    /** The change is on disk; if the store no longer loads, take the new file out again and say why. */
    private TrustStore loadOrUndo(Path written) throws TrustStoreException {
        try {
            return current();
        } catch (TrustStoreException e) {
            try {
                Files.deleteIfExists(written);
                syncFolder(written.getParent());
            } catch (IOException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    private static Map<String, String> details(TrustedKey key) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("hint", key.hint());
        details.put("revoked", Boolean.toString(key.revoked()));
        return details;
    }

    private void record(String action, String subject, Map<String, String> details) {
        AuditLog log = audit;
        if (log != null) {
            // A failure here reaches the operator: the change is made, but unrecorded.
            log.record(actor(), action, subject, details);
        }
    }

    private static String actor() {
        return Operator.current().orElse(ACTOR);
    }

    /** Writes {@code .NAME.tmp}, syncs it, renames it over the target and syncs the folder. */
    static void writeDurably(Path target, String text) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(StandardCharsets.UTF_8.encode(text));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(target.getParent());
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
