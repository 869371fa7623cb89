package org.modelgate.packaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.PackageProblem;
import org.modelgate.packaging.UnpackLimits;

/**
 * Copies entries out of a zip while counting what actually inflates: sizes and compression ratio
 * are enforced on the bytes produced, never on the sizes the headers claim; CRC and size are
 * compared with the headers afterwards. Each file is flushed to disk.
 */
final class EntryExtractor {
    private static final int BUFFER = 64 * 1024;

    private final ZipFile zip;
    private final Path staging;
    private final UnpackLimits limits;
    private final String fileName;
    private final long packageBytes;
    private final byte[] buffer = new byte[BUFFER];
    private long totalBytes;
    private long totalCompressed;

    EntryExtractor(ZipFile zip, Path staging, UnpackLimits limits, String fileName, long packageBytes) {
        this.zip = zip;
        this.staging = staging;
        this.limits = limits;
        this.fileName = fileName;
        this.packageBytes = packageBytes;
    }

    /** Extracts one entry (a directory entry: creates the directory). */
    void extract(ZipEntry entry) throws ModelPackageException, IOException {
        String name = entry.getName();
        Path target = staging.resolve(name).normalize();
        if (!target.startsWith(staging) || target.equals(staging)) {
            // EntryName.check already refused this; a second, independent guard on the resolved path.
            throw new ModelPackageException(PackageProblem.PATH_TRAVERSAL, name, "entry '" + EntryName.printable(name)
                    + "' resolves outside the staging folder");
        }
        if (entry.isDirectory()) {
            if (entry.getSize() > 0) {
                throw new ModelPackageException(PackageProblem.DIRECTORY_ENTRY, name, "directory entry '"
                        + EntryName.printable(name) + "' in " + fileName + " holds " + entry.getSize() + " bytes of data");
            }
            Files.createDirectories(target);
            return;
        }
        if (entry.getSize() > limits.maxEntryBytes()) {
            throw tooLarge(name, entry.getSize());
        }
        Files.createDirectories(target.getParent());
        long compressed = Math.max(1, Math.min(entry.getCompressedSize() < 0 ? packageBytes : entry.getCompressedSize(), packageBytes));
        totalCompressed = Math.min(packageBytes, totalCompressed + compressed);
        CRC32 crc = new CRC32();
        long written = 0;
        try (InputStream in = zip.getInputStream(entry);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                written += n;
                totalBytes += n;
                checkLimits(name, written, compressed);
                crc.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            if (written != entry.getSize() || crc.getValue() != entry.getCrc()) {
                throw new ModelPackageException(PackageProblem.CORRUPT, name, "entry '" + EntryName.printable(name) + "' in "
                        + fileName + " does not match its header (" + written + " bytes, header says " + entry.getSize()
                        + (crc.getValue() != entry.getCrc() ? "; CRC differs" : "") + "); the package is damaged, copy it again");
            }
            out.force(true);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new ModelPackageException(PackageProblem.DUPLICATE_ENTRY, name,
                    "entry '" + EntryName.printable(name) + "' in " + fileName + " names a file extracted already", e);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new ModelPackageException(PackageProblem.CORRUPT, name,
                    "entry '" + EntryName.printable(name) + "' in " + fileName + " cannot be inflated (" + e.getMessage()
                            + "); the package is damaged, copy it again", e);
        }
    }

    private void checkLimits(String name, long written, long compressed) throws ModelPackageException {
        if (written > limits.maxEntryBytes()) {
            throw tooLarge(name, written);
        }
        if (totalBytes > limits.maxTotalBytes()) {
            throw new ModelPackageException(PackageProblem.TOTAL_TOO_LARGE, name, fileName + " inflates to more than "
                    + limits.maxTotalBytes() + " bytes (reached at entry '" + EntryName.printable(name) + "')");
        }
        long ratio = limits.maxCompressionRatio();
        if (written > UnpackLimits.RATIO_FREE_BYTES && written / compressed > ratio
                || totalBytes > UnpackLimits.RATIO_FREE_BYTES && totalBytes / totalCompressed > ratio) {
            throw new ModelPackageException(PackageProblem.COMPRESSION_RATIO, name, "entry '" + EntryName.printable(name)
                    + "' in " + fileName + " inflates more than " + ratio + " times its compressed size: a zip bomb");
        }
    }

    private ModelPackageException tooLarge(String name, long bytes) {
        return new ModelPackageException(PackageProblem.ENTRY_TOO_LARGE, name, "entry '" + EntryName.printable(name)
                + "' in " + fileName + " is " + bytes + " bytes or more, over the limit of " + limits.maxEntryBytes());
    }
}
