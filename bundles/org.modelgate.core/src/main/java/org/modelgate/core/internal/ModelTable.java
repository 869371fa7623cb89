package org.modelgate.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelState;

/**
 * The registry's table of {@link ModelSlot}s over the repository on disk: the registry changes what each slot serves,
 * the router reads it. Also what every part says about a model the same way: its {@link ModelInfo}, "not found", and
 * how a slot is taken out of service.
 */
final class ModelTable {
    private static final System.Logger LOG = System.getLogger(ModelTable.class.getName());

    /** Read on every request ({@link ModelRouter}): one lookup, no lock. */
    final Map<String, ModelSlot> slots = new ConcurrentHashMap<>();
    /** The repository of the registry's current activation; null before the first. */
    volatile ModelRepository repository;
    /** Seconds a retired version's running requests get before it is left to close on its own (drainTimeoutSeconds). */
    volatile int drainSeconds = 30;
    /** Told when a slot went out of service with a challenger beside it: the slot, the challenger and why. */
    volatile TriConsumer challengerDropped = (slot, challenger, why) -> { };

    /** What {@link #challengerDropped} takes. */
    interface TriConsumer {
        void accept(ModelSlot slot, Challenger challenger, String why);
    }

    ModelRepository repository() {
        return repository;
    }

    /** The slot of a model, made on first use; a model in the repository gets its crash-proof in-flight counter. */
    ModelSlot slot(String name) {
        return slots.computeIfAbsent(name, n -> {
            ModelSlot slot = new ModelSlot(n);
            if (repository.contains(n)) {
                slot.inflight = InFlightCounter.open(repository.modelDirectory(n));
            }
            return slot;
        });
    }

    void requireInRepository(String name) {
        if (!repository.contains(name)) {
            throw notFound(name);
        }
    }

    ModelNotFoundException notFound(String name) {
        return new ModelNotFoundException("no model '" + name + "' in the repository " + repository.root()
                + "; models are " + repository.modelNames());
    }

    ModelInfo info(String name) {
        return ModelInfos.describe(name, slots.get(name), repository);
    }

    /** Every model in the repository or in a slot, by name. */
    List<ModelInfo> models() {
        TreeSet<String> names = new TreeSet<>(repository.modelNames());
        names.addAll(slots.keySet());
        return names.stream().map(this::info).toList();
    }

    Optional<ModelInfo> model(String name) {
        if (slots.containsKey(name) || repository.contains(name)) {
            return Optional.of(info(name));
        }
        return Optional.empty();
    }

    /** Takes a slot out of service: new requests are refused at once, running ones drain, then the model closes. */
    void retire(ModelSlot slot, ModelState state, String reason) {
        ServingVersion old;
        Challenger challenger;
        slot.admin.lock();
        try {
            old = slot.serving;
            challenger = slot.challenger;
            slot.challenger = null;
            slot.serving = null;
            if (state == ModelState.UNLOADED) {
                slot.wanted = null;
            }
            slot.setState(state, reason);
        } finally {
            slot.admin.unlock();
        }
        if (challenger != null) {
            dropped(slot, challenger, "the model went " + state.name().toLowerCase() + (reason == null ? "" : " (" + reason + ")"));
        }
        if (old != null) {
            int drain = drainSeconds;
            try {
                old.retire().get(drain, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, slot.name + " " + old.version() + " still has " + old.runningRequests()
                        + " running request(s) after " + drain + " s; it closes when they end");
            } catch (ExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + slot.name + " " + old.version() + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes a slot's challenger out of traffic (its backend is leaving): new requests go to the serving version at
     * once, running ones on the challenger drain, then it closes.
     */
    void dropChallenger(ModelSlot slot, String why) {
        Challenger challenger;
        slot.admin.lock();
        try {
            challenger = slot.challenger;
            slot.challenger = null;
        } finally {
            slot.admin.unlock();
        }
        if (challenger != null) {
            dropped(slot, challenger, why);
        }
    }

    private void dropped(ModelSlot slot, Challenger challenger, String why) {
        challenger.end();
        try {
            challenger.serving.retire().get(drainSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "challenger " + slot.name + " " + challenger.version()
                    + " did not drain cleanly: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        challengerDropped.accept(slot, challenger, why);
    }

    /** At deactivation: every slot out of service and forgotten. */
    void retireAll() {
        slots.values().forEach(slot -> retire(slot, ModelState.UNLOADED, "the gateway stopped"));
        slots.clear();
    }
}
