package org.modelgate.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.modelgate.api.ExecutionPlan;
import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.LoadedModel;
import org.modelgate.spi.ModelArtifact;

/** Which candidates profiling measures: one per setting that really differs for the backend. */
class ProfileCandidateTest {
    private static final List<ExecutionPlan> PLANS = List.of(
            new ExecutionPlan("npu", 60, "hint", Map.of("ort.arena", "false"), List.of()),
            new ExecutionPlan("cpu", 10, "rank", Map.of(), List.of()));

    @Test
    void aBackendWithThreadsPerModelGetsOneCandidatePerThreadCount() {
        List<ProfileCandidate> candidates = ProfileCandidate.of(Map.of(entry(new AffineBackend()), PLANS), List.of(1, 2), Map.of());

        assertThat(candidates).extracting(ProfileCandidate::driver, ProfileCandidate::threads)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("npu", 1), org.assertj.core.groups.Tuple.tuple("npu", 2),
                        org.assertj.core.groups.Tuple.tuple("cpu", 1), org.assertj.core.groups.Tuple.tuple("cpu", 2));
    }

    @Test
    void aBackendOnSharedThreadPoolsGetsOneCandidatePerDriverMarkedAsThePool() {
        AffineBackend affine = new AffineBackend();
        InferenceBackend sharedPools = new InferenceBackend() { // runs every model on one pool, as ORT's GLOBAL threading
            @Override
            public String name() {
                return affine.name();
            }

            @Override
            public String version() {
                return affine.version();
            }

            @Override
            public java.util.Set<String> formats() {
                return affine.formats();
            }

            @Override
            public LoadedModel load(ModelArtifact artifact) {
                return affine.load(artifact);
            }

            @Override
            public Map<String, String> effectiveOptions(Map<String, String> options) {
                Map<String, String> effective = new LinkedHashMap<>(options);
                effective.remove(ProfileCandidate.THREADS);
                return effective;
            }
        };

        List<ProfileCandidate> candidates = ProfileCandidate.of(Map.of(entry(sharedPools), PLANS), List.of(1, 2), Map.of());

        assertThat(candidates).extracting(ProfileCandidate::driver, ProfileCandidate::threads).containsExactly(
                org.assertj.core.groups.Tuple.tuple("npu", ProfileCandidate.SHARED_POOL),
                org.assertj.core.groups.Tuple.tuple("cpu", ProfileCandidate.SHARED_POOL));
    }

    private static BackendCatalog.Entry entry(InferenceBackend backend) {
        return new BackendCatalog.Entry(backend, backend.name(), 0, 1L, null, Map.of());
    }
}
