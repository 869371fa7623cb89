"""A Triton/KServe v2 gRPC client as a user writes one: grpcio and the stubs grpc_tools compiled from the
protocol's grpc_service.proto and model_config.proto; nothing from Modelgate. Prints one JSON document with what each
call gave.

usage: triton_grpc_client.py <stub folder> <host:port> <model> <limit bytes> <bearer token>

Statistics and configuration are management calls: they carry the token as `authorization` metadata, as a Triton
client passes headers; inference needs none.
"""
import json
import struct
import sys

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
import grpc_service_pb2 as pb  # noqa: E402
import grpc_service_pb2_grpc as pb_grpc  # noqa: E402
import model_config_pb2 as config_pb  # noqa: E402

target, model, limit, token = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
manage = [("authorization", "Bearer " + token)]
channel = grpc.insecure_channel(target, options=[("grpc.max_send_message_length", -1)])
client = pb_grpc.GRPCInferenceServiceStub(channel)
result = {}


def refusal(call):
    try:
        call()
        return {"code": "OK"}
    except grpc.RpcError as e:
        return {"code": e.code().name, "details": e.details()}


def infer(raw, shape, version=""):
    request = pb.ModelInferRequest(model_name=model, model_version=version, id="python-1")
    request.inputs.add(name="input", datatype="FP32", shape=shape)
    request.raw_input_contents.append(raw)
    return client.ModelInfer(request, timeout=60)


def statistics(name):
    reply = client.ModelStatistics(pb.ModelStatisticsRequest(name=name), timeout=60, metadata=manage)
    return [{"name": s.name, "version": s.version, "last_inference": s.last_inference,
             "inference_count": s.inference_count, "execution_count": s.execution_count,
             "inference_stats": {kind: {"count": getattr(s.inference_stats, kind).count,
                                        "ns": getattr(s.inference_stats, kind).ns}
                                 for kind in ("success", "fail", "queue", "compute_input", "compute_infer",
                                              "compute_output")}}
            for s in reply.model_stats]


result["stats_anonymous"] = refusal(lambda: client.ModelStatistics(pb.ModelStatisticsRequest(name=model), timeout=60))
result["stats_before"] = statistics(model)
result["live"] = client.ServerLive(pb.ServerLiveRequest(), timeout=60).live
result["ready"] = client.ServerReady(pb.ServerReadyRequest(), timeout=60).ready
server = client.ServerMetadata(pb.ServerMetadataRequest(), timeout=60)
result["server"] = {"name": server.name, "extensions": list(server.extensions)}
metadata = client.ModelMetadata(pb.ModelMetadataRequest(name=model), timeout=60)
result["metadata"] = {
    "name": metadata.name, "versions": list(metadata.versions), "platform": metadata.platform,
    "inputs": [{"name": t.name, "datatype": t.datatype, "shape": list(t.shape)} for t in metadata.inputs],
    "outputs": [{"name": t.name, "datatype": t.datatype, "shape": list(t.shape)} for t in metadata.outputs]}

flower = struct.pack("<4f", 5.1, 3.5, 1.4, 0.2)
response = infer(flower, [1, 4])
output = response.outputs[0]
raw = response.raw_output_contents[0]
result["infer"] = {"model_name": response.model_name, "model_version": response.model_version, "id": response.id,
                   "name": output.name, "datatype": output.datatype, "shape": list(output.shape),
                   "values": list(struct.unpack("<%df" % (len(raw) // 4), raw))}

# Bad input: each refused with a status and a reason, and the gateway goes on serving.
result["wrong_size"] = refusal(lambda: infer(flower[:12], [1, 4]))
result["unknown_version"] = refusal(lambda: infer(flower, [1, 4], version="9.9.9"))
result["too_large"] = refusal(lambda: infer(bytes(limit + 4), [1, (limit + 4) // 4]))
again = infer(flower, [1, 4]).raw_output_contents[0]
result["served_after"] = list(struct.unpack("<%df" % (len(again) // 4), again))

# Triton's statistics and model configuration extensions.
result["stats_after"] = statistics(model)
result["stats_all"] = [entry["name"] for entry in statistics("")]
result["stats_unknown"] = refusal(lambda: client.ModelStatistics(pb.ModelStatisticsRequest(name="nope"), timeout=60,
                                                                metadata=manage))
config = client.ModelConfig(pb.ModelConfigRequest(name=model), timeout=60, metadata=manage).config
result["config"] = {
    "name": config.name, "platform": config.platform, "backend": config.backend,
    "max_batch_size": config.max_batch_size,
    "input": [{"name": t.name, "data_type": config_pb.DataType.Name(t.data_type), "dims": list(t.dims)}
              for t in config.input],
    "output": [{"name": t.name, "data_type": config_pb.DataType.Name(t.data_type), "dims": list(t.dims)}
               for t in config.output]}
print(json.dumps(result))
