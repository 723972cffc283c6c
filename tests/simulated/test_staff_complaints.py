"""Trial 3 F52, through the real gateway and case store: a complaint about the staff of a
named office is a staff complaint (第九条) dispatched to that office, whatever the words
of the matter suggest to the classifier; no township or road is asked for the office."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.simulated.citizen import Facts
from tests.simulated.harness import Expect, Scenario, World


@pytest.mark.parametrize(
    ("said", "county", "unit"),
    [
        (
            "郓城县行政审批局那个办事员故意刁难我 材料都齐了就是不给办",
            "郓城县",
            "郓城县行政审批服务局",
        ),
        (
            "我要投诉定陶区住建局窗口的工作人员 办个房产证让俺来回跑了四趟",
            "定陶区",
            "定陶区住房和城乡建设局",
        ),
    ],
)
async def test_a_named_offices_staff_complaint_goes_to_that_office(
    tmp_path: Path, said: str, county: str, unit: str
) -> None:
    world = await World.build(tmp_path)
    try:
        result = await world.run(
            Scenario(
                id="staff-office",
                author="dialog",
                flow="a staff complaint naming its office",
                says=[said],
                facts=Facts(contact="葛明 13853004321", phone="13853004321"),
                expect=Expect(
                    outcome="order",
                    county=county,
                    unit=[unit],
                    order_type="staff_complaint",
                    phone="13853004321",
                ),
            )
        )
        assert result.ok, (result.problems, result.transcript)
        asked = "\n".join(text for who, text in result.transcript if who == "bot")
        assert "乡镇" not in asked
    finally:
        await world.aclose()
