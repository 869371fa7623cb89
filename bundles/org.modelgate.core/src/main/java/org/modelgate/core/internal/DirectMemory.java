package org.modelgate.core.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Frees a direct buffer at once instead of whenever the garbage collector gets to it. A decrypted model is as
 * large as the model (86 MB for MiniLM fp32) and the heap hardly moves while models load, so without this
 * every load would leave its buffer in the process until a collection, up to -XX:MaxDirectMemorySize.
 *
 * <p>Uses {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, open to reflection), loaded through the
 * boot class loader so that no OSGi import is needed; where it is missing, the buffer is left to the collector.
 */
final class DirectMemory {
    private static final System.Logger LOG = System.getLogger(DirectMemory.class.getName());
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe", false, null);
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "decrypted models are freed by the garbage collector, not at once: " + e);
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private DirectMemory() {
    }

    /**
     * Frees a direct buffer that the caller allocated; no view of it may be used afterwards.
     *
     * @return whether it was freed now (else the collector frees it)
     */
    static boolean release(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return false;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
            return true;
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a direct buffer is left to the garbage collector: " + e);
            return false;
        }
    }
}
