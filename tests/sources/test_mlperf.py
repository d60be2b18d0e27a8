"""MLPerf summary parsers on excerpts: the records below are written from the published ones
(v5.1 summary_results.json result 5.1-0072; v6.1 summary.json records 325 and 330), cut to the fields
the parser reads. The two rounds publish differently shaped records: v5.1 a list with per-node
accelerator counts (`a#`), v6.1 an object keyed by record key with total_accelerators published."""

import json

import pytest

from sources.errors import ParseError
from sources.mlperf.family import FAMILY
from sources.mlperf.parse import parse_list_shape, parse_object_shape
from sources.mlperf.rounds import ROUNDS
from sources.shipped import shipped_path

# excerpt of v5.1 summary_results.json (result 5.1-0072, DeepSeek-R1 Offline on GB300 NVL72)
V51_RECORD = {
    "ID": "5.1-0072", "Submitter": "NVIDIA", "Availability": "available", "Category": "closed", "Suite": "datacenter",
    "System": "NVIDIA GB300 NVL72", "Platform": "GB300-NVL72_GB300-288GB_aarch64x72_TRT", "Model": "deepseek-r1",
    "Scenario": "Offline", "Nodes": 18, "Accelerator": "NVIDIA GB300", "a#": 4, "weight_data_types": "fp4",
    "Software": "TensorRT-LLM", "inferred": 0, "Performance_Result": 420659.0, "Performance_Units": "Tokens/s",
    "Location": "closed/NVIDIA/results/GB300-NVL72_GB300-288GB_aarch64x72_TRT/deepseek-r1/Offline",
    "Details": "https://github.com/mlcommons/inference_results_v5.1/tree/main/closed/NVIDIA/results/GB300-NVL72_GB300-288GB_aarch64x72_TRT",
}
# excerpt of v6.1 summary.json (record 325, DeepSeek-R1 Offline on Vera Rubin NVL72, preview)
V61_RECORD = {
    "Organization": "NVIDIA", "Availability": "preview", "Division": "closed", "SystemType": "datacenter",
    "SystemName": "NVIDIA Vera Rubin NVL72 (72x VR-288GB_aarch64)", "Platform": "VR-NVL72_VR-288GB_aarch64x72_TRT",
    "Model": "deepseek-r1", "MlperfModel": "deepseek-r1", "Scenario": "Offline", "Result": 1183326.8540322022,
    "Units": "Tokens/s", "number_of_nodes": 18, "accelerator_model_name": "NVIDIA Vera Rubin",
    "accelerators_per_node": 4, "total_accelerators": 72, "weight_data_types": "fp4",
    "framework": "TRTLLM-rubin, vLLM-CentML:mlperf-inf-mm-q3vl-v6.1, Dynamo", "inferred": 1,
    "Location": "./closed/NVIDIA/results/VR-NVL72_VR-288GB_aarch64x72_TRT/deepseek-r1/Offline/performance/run_1",
}


def _list(*records):
    return json.dumps(list(records)).encode()


def _object(**records):
    return json.dumps(records).encode()


def test_list_shape_reads_a_result_with_total_accelerators_from_nodes_times_per_node():
    [row] = parse_list_shape(_list(V51_RECORD), "v51.json", ROUNDS["v5.1"]).to_dicts()
    assert row == {
        "mlperf_round": "v5.1", "result_ref": "5.1-0072/deepseek-r1/Offline", "result_id": "5.1-0072",
        "submitter": "NVIDIA", "division": "closed", "availability": "available", "system_type": "datacenter",
        "system_name": "NVIDIA GB300 NVL72", "platform": "GB300-NVL72_GB300-288GB_aarch64x72_TRT",
        "benchmark": "deepseek-r1", "scenario": "Offline", "result": 420659.0, "units": "Tokens/s", "nodes": 18,
        "accelerators_per_node": 4, "total_accelerators": 72, "accelerator_name": "NVIDIA GB300",
        "weight_precision": "fp4", "framework": "TensorRT-LLM", "inferred": False,
        "details_url": "https://github.com/mlcommons/inference_results_v5.1/tree/main/closed/NVIDIA/results/"
        "GB300-NVL72_GB300-288GB_aarch64x72_TRT/deepseek-r1/Offline",
        "summary_url": "https://raw.githubusercontent.com/mlcommons/inference_results_v5.1/main/summary_results.json",
        "extract_commit": None,
    }


def test_object_shape_keeps_the_record_key_preview_and_inferred_flags():
    [row] = parse_object_shape(_object(**{"325": V61_RECORD}), "v61.json", ROUNDS["v6.1"], "10ecdff").to_dicts()
    assert (row["mlperf_round"], row["result_ref"], row["result_id"]) == ("v6.1", "325", None)
    assert (row["availability"], row["inferred"], row["total_accelerators"], row["result"]) == (
        "preview", True, 72, 1183326.8540322022)
    assert row["details_url"] == ("https://github.com/mlcommons/inference_results_v6.1/tree/main/closed/NVIDIA/results/"
                                  "VR-NVL72_VR-288GB_aarch64x72_TRT/deepseek-r1/Offline/performance/run_1")
    assert (row["summary_url"], row["extract_commit"]) == (
        "https://raw.githubusercontent.com/mlcommons/inference_results_v6.1/main/summary.json", "10ecdff")


def test_a_latency_result_keeps_its_units_and_an_unnamed_accelerator_stays_empty():
    # excerpt of v6.1 record shape with a latency result (qwen3.6-27b, agentic edge) on a CPU-only system
    record = {**V61_RECORD, "Model": "qwen3.6-27b", "Scenario": "SingleStream", "Result": 5123.4,
              "Units": "Latency (ms)", "accelerator_model_name": "", "accelerators_per_node": 0, "total_accelerators": 0}
    [row] = parse_object_shape(_object(**{"7": record}), "v61.json", ROUNDS["v6.1"]).to_dicts()
    assert (row["result"], row["units"], row["accelerator_name"], row["total_accelerators"]) == (
        5123.4, "Latency (ms)", "", 0)


@pytest.mark.parametrize("field", ["Performance_Units", "a#", "Accelerator"])
def test_list_shape_missing_field_names_round_record_and_field(field):
    record = {k: v for k, v in V51_RECORD.items() if k != field}
    with pytest.raises(ParseError, match=rf"v51.json: round v5.1, record 5.1-0072/deepseek-r1/Offline, field '{field}'"):
        parse_list_shape(_list(record), "v51.json", ROUNDS["v5.1"])


def test_object_shape_renamed_field_names_round_record_and_field():
    record = {("Accelerator" if k == "accelerator_model_name" else k): v for k, v in V61_RECORD.items()}
    with pytest.raises(ParseError, match=r"round v6.1, record 325, field 'accelerator_model_name': missing"):
        parse_object_shape(_object(**{"325": record}), "v61.json", ROUNDS["v6.1"])


@pytest.mark.parametrize("bad", [0, -12.5, "n/a", None, float("inf")])
def test_a_result_that_is_not_a_positive_number_is_rejected_naming_the_record(bad):
    with pytest.raises(ParseError, match=r"round v6.1, record 325, field 'Result': rejected"):
        parse_object_shape(json.dumps({"325": {**V61_RECORD, "Result": bad}}).encode(), "v61.json", ROUNDS["v6.1"])
    with pytest.raises(ParseError, match=r"record 5.1-0072/deepseek-r1/Offline, field 'Performance_Result': rejected"):
        parse_list_shape(json.dumps([{**V51_RECORD, "Performance_Result": bad}]).encode(), "v51.json", ROUNDS["v5.1"])


def test_an_unknown_availability_fails_closed():
    with pytest.raises(ParseError, match=r"field 'Availability': expected one of available, preview, rdi"):
        parse_object_shape(_object(**{"325": {**V61_RECORD, "Availability": "beta"}}), "v61.json", ROUNDS["v6.1"])


def test_the_wrong_shape_for_a_round_is_refused():
    with pytest.raises(ParseError, match=r"round v6.1: expected a JSON dict of records \(record shape 'object'\), got list"):
        parse_object_shape(_list(V51_RECORD), "v61.json", ROUNDS["v6.1"])


def test_shipped_extracts_parse_with_their_commit():
    """Pins the shipped data (the LLM records of each round), named as such."""
    for source in FAMILY.sources():
        if source.live:
            continue
        frame = FAMILY.parse(source, shipped_path(source.location).read_bytes(), source.location)
        assert (source.item.round_id, frame.height, frame["extract_commit"].unique().to_list()) in [
            ("v5.1", 416, ["965182b"]), ("v6.1", 408, ["10ecdff"])]
