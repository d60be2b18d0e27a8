"""Shipped data: `demand_drivers`: optical links implied by the sizing plans. A replica larger than its
GPU's scale-up domain puts every GPU's scale-out NIC on the network (a transceiver at each
end); a replica inside one NVLink domain needs none: Kimi K2.5 on H100 (24 GPUs, TP8 PP3
across 3 HGX nodes) needs 48, on B300 (6 GPUs in one node) none."""


def test_optical_transceivers_per_replica_follow_the_sizing_plans(warehouse):
    rows = dict(warehouse.execute(
        "select subject, value from demand_drivers where driver = 'optical_transceivers_per_replica' "
        "and series = 'kimi-k2.5'"
    ).fetchall())
    assert (rows["kimi-k2.5@nvidia-h100-sxm"], rows["kimi-k2.5@nvidia-b300"], rows["kimi-k2.5@nvidia-r200"]) == (48.0, 0.0, 0.0)
    assert rows["kimi-k2.5@nvidia-h200-sxm"] == 24.0  # 12 GPUs (TP2 EP3 PP2) over two 8-GPU nodes
    # a growth from zero is undefined, not infinite
    assert warehouse.execute(
        "select count(*) from demand_drivers where previous_value = 0 and growth_per_generation is not null"
    ).fetchone() == (0,)
