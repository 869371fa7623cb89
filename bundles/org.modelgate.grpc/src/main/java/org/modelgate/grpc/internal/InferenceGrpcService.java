package org.modelgate.grpc.internal;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.modelgate.api.ChallengerInfo;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.InferenceResponse;
import org.modelgate.api.InferenceService;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.ModelState;
import org.modelgate.grpc.internal.proto.GRPCInferenceServiceGrpc;
import org.modelgate.grpc.internal.proto.ModelConfigRequest;
import org.modelgate.grpc.internal.proto.ModelConfigResponse;
import org.modelgate.grpc.internal.proto.ModelInferRequest;
import org.modelgate.grpc.internal.proto.ModelInferResponse;
import org.modelgate.grpc.internal.proto.ModelMetadataRequest;
import org.modelgate.grpc.internal.proto.ModelMetadataResponse;
import org.modelgate.grpc.internal.proto.ModelReadyRequest;
import org.modelgate.grpc.internal.proto.ModelReadyResponse;
import org.modelgate.grpc.internal.proto.ModelStatisticsRequest;
import org.modelgate.grpc.internal.proto.ModelStatisticsResponse;
import org.modelgate.grpc.internal.proto.RepositoryIndexRequest;
import org.modelgate.grpc.internal.proto.RepositoryIndexResponse;
import org.modelgate.grpc.internal.proto.RepositoryModelLoadRequest;
import org.modelgate.grpc.internal.proto.RepositoryModelLoadResponse;
import org.modelgate.grpc.internal.proto.RepositoryModelUnloadRequest;
import org.modelgate.grpc.internal.proto.RepositoryModelUnloadResponse;
import org.modelgate.grpc.internal.proto.ServerLiveRequest;
import org.modelgate.grpc.internal.proto.ServerLiveResponse;
import org.modelgate.grpc.internal.proto.ServerMetadataRequest;
import org.modelgate.grpc.internal.proto.ServerMetadataResponse;
import org.modelgate.grpc.internal.proto.ServerReadyRequest;
import org.modelgate.grpc.internal.proto.ServerReadyResponse;
import org.modelgate.oip.InferenceStatistics;
import org.modelgate.oip.TritonModelConfig;

import io.grpc.stub.StreamObserver;

/**
 * Triton's {@code inference.GRPCInferenceService} over the core: each call maps onto {@link InferenceService} and
 * {@link ModelRegistry} as REST's {@code /v2} endpoints do, and failures onto gRPC status codes ({@link GrpcStatus}).
 * Knows nothing of the transport (see {@link GrpcServerFactory}).
 */
public final class InferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    /** The extensions served, as Triton names them in server metadata. */
    static final List<String> EXTENSIONS = List.of("model_repository", "statistics", "model_configuration");

    private final InferenceService inference;
    private final ModelRegistry registry;
    private final InferenceStatistics statistics;
    private final String version;

    /**
     * Serves the core's services.
     *
     * @param inference where inference runs
     * @param registry the models
     * @param statistics where inferences are counted: the table REST counts into too
     * @param version the gateway version server metadata names
     */
    public InferenceGrpcService(InferenceService inference, ModelRegistry registry, InferenceStatistics statistics,
            String version) {
        this.inference = inference;
        this.registry = registry;
        this.statistics = statistics;
        this.version = version;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> reply) {
        answer(reply, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    /** Ready while no model is still loading, as REST's {@code /v2/health/ready}. */
    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> reply) {
        answer(reply, () -> ServerReadyResponse.newBuilder()
                .setReady(registry.models().stream().noneMatch(m -> m.state() == ModelState.LOADING)).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> reply) {
        answer(reply, () -> ServerMetadataResponse.newBuilder().setName("modelgate").setVersion(version)
                .addAllExtensions(EXTENSIONS).build());
    }

    /** Ready when the model is READY and the version asked for, if any, is loaded (the active one or the challenger). */
    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> reply) {
        answer(reply, () -> {
            ModelInfo model = find(request.getName(), request.getVersion());
            String challenger = registry.challenger(model.name()).map(ChallengerInfo::version).orElse(null);
            String asked = request.getVersion();
            boolean ready = model.isReady()
                    && (asked.isEmpty() || asked.equals(model.version()) || asked.equals(challenger));
            return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> reply) {
        answer(reply, () -> ModelDescriptions.metadata(find(request.getName(), request.getVersion())));
    }

    /**
     * Inference on the active version, or on {@code model_version} when given (an unknown one is NOT_FOUND); counted in
     * the statistics as REST counts its requests: reading the message into tensors, running the model, writing the
     * answer; a failure against the version it was for.
     */
    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> reply) {
        answer(reply, () -> {
            long start = System.nanoTime();
            String name = request.getModelName();
            String asked = request.getModelVersion();
            try {
                if (!asked.isEmpty()) {
                    find(name, asked);
                }
                InferenceRequest inputs = InferRequests.read(request);
                long read = System.nanoTime();
                InferenceResponse outputs = asked.isEmpty() ? inference.infer(name, inputs)
                        : inference.infer(name, asked, inputs);
                long inferred = System.nanoTime();
                ModelInferResponse response = InferResponses.write(outputs);
                statistics.success(name, outputs.version(), start, read, inferred, System.nanoTime());
                return response;
            } catch (RuntimeException e) {
                statistics.failure(registry, name, asked, System.nanoTime() - start);
                throw e;
            }
        });
    }

    /** Triton's statistics extension: every model for an empty name, else one model, or one version of it. */
    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> reply) {
        answer(reply, () -> StatisticsMessages.of(
                statistics.modelStats(registry, request.getName(), request.getVersion())));
    }

    /** Triton's model configuration extension, as REST's {@code /v2/models/{name}[/versions/{v}]/config}. */
    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> reply) {
        answer(reply, () -> ConfigMessages.of(
                TritonModelConfig.of(registry, named(request.getName()), request.getVersion())));
    }

    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> reply) {
        answer(reply, () -> RepositoryIndexResponse.newBuilder()
                .addAllModels(registry.models().stream()
                        .filter(model -> !request.getReady() || model.isReady())
                        .map(ModelDescriptions::indexEntry)
                        .collect(Collectors.toList()))
                .build());
    }

    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request,
            StreamObserver<RepositoryModelLoadResponse> reply) {
        answer(reply, () -> {
            registry.load(named(request.getModelName()));
            return RepositoryModelLoadResponse.getDefaultInstance();
        });
    }

    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
            StreamObserver<RepositoryModelUnloadResponse> reply) {
        answer(reply, () -> {
            registry.unload(named(request.getModelName()));
            return RepositoryModelUnloadResponse.getDefaultInstance();
        });
    }

    private ModelInfo find(String name, String version) {
        ModelInfo model = registry.model(named(name))
                .orElseThrow(() -> new ModelNotFoundException("model '" + name + "' is not in the repository"));
        if (!version.isEmpty() && !model.versions().contains(version)) {
            throw new ModelNotFoundException("model '" + model.name() + "' has no version '" + version
                    + "'; its versions are " + String.join(", ", model.versions()));
        }
        return model;
    }

    private static String named(String name) {
        if (name.isEmpty()) {
            throw new InvalidInputException("the request names no model");
        }
        return name;
    }

    /** Sends what {@code call} answers, or the status its failure maps to; the server goes on either way. */
    private static <T> void answer(StreamObserver<T> reply, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            reply.onError(GrpcStatus.of(e));
            return;
        }
        reply.onNext(value);
        reply.onCompleted();
    }
}
