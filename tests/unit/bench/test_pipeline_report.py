"""The pipeline benchmark's throughput table: two instances are compared with one instance
measured again right before them, after the latency phase, not with the first phases."""

from __future__ import annotations

from bench.pipeline.measure import Throughput
from bench.pipeline.report import throughput_rows
from bench.pipeline.run import ServiceFigures


def test_the_scale_out_is_two_instances_against_one_measured_right_before_them() -> None:
    figures = ServiceFigures(
        "matching",
        baseline=Throughput(100, 2.0),
        batching=Throughput(1000, 2.0),
        one=Throughput(800, 2.0),  # 400/s in the first phases
        again=Throughput(400, 2.0),  # 200/s after the latency phase
        two=Throughput(400, 1.0),  # 400/s with two instances
        split=[180, 220],
    )
    [row] = throughput_rows([figures])
    assert row[-4:] == ["200.0", "400.0", "x2.00", "45%/55%"]


def test_without_a_second_instance_there_is_no_scale_out() -> None:
    figures = ServiceFigures("matching", one=Throughput(800, 2.0), batching=Throughput(800, 2.0))
    [row] = throughput_rows([figures])
    assert row[-4:] == ["-", "-", "-", "-"]
