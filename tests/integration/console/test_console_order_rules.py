"""Who may file an order and where it may go: only the agent holding the chat (trial4 F22),
and only to one of Heze's counties, districts or zones (trial4 F45)."""

from __future__ import annotations

import pytest

from gateway.console.errors import Forbidden, InvalidInput
from gateway.console.orders import Counties
from gateway.console.service import AgentView, ConsoleService

from .test_console_service import RecordingCases

AGENT = AgentView("lili", "李丽", "agent")
BOSS = AgentView("admin", "值班长", "supervisor")
KEY = "web::citizen-45"
FIELDS = {
    "token": "tok-rules-0001",
    "text": "小区门口井盖丢了，很危险",
    "contact_phone": "13853001234",
}
# the catalogue's spellings, as the router passes them (casebridge.catalogue.county_aliases)
CATALOGUE = Counties.from_aliases(
    {
        "牡丹区": "牡丹区",
        "牡丹": "牡丹区",
        "曹县": "曹县",
        "菏泽经济技术开发区": "菏泽经济技术开发区",
        "经开区": "菏泽经济技术开发区",
    }
)


async def _held_by(console: ConsoleService, who: str) -> None:
    await console.record_turn(KEY, "web", "", "citizen-45", "in", "井盖丢了", [], None, None)
    await console.enqueue(KEY, "web", "", "citizen-45", "citizen_request", "诉求：井盖丢了")
    assert await console.claim(KEY, who)


@pytest.mark.parametrize("county", ["北京市", "朝阳区", "济宁市任城区", "菏泽市", "牡丹区区"])
async def test_a_county_outside_heze_is_refused_and_nothing_is_filed(
    console: ConsoleService, county: str
) -> None:
    await _held_by(console, AGENT.username)
    cases = RecordingCases()
    with pytest.raises(InvalidInput, match="不是菏泽市所辖县区") as refused:
        await console.open_order(cases, KEY, AGENT, {**FIELDS, "county": county}, CATALOGUE)
    assert "牡丹区、曹县、菏泽经济技术开发区" in str(refused.value)  # the list to choose from
    assert cases.drafts == []
    assert (await console.conversation(KEY)).work_order is None


@pytest.mark.parametrize(
    ("county", "filed"),
    [
        ("曹县", "曹县"),
        ("经开区", "菏泽经济技术开发区"),
        ("山东省菏泽市牡丹区", "牡丹区"),
        (" 牡丹 ", "牡丹区"),
        ("", None),  # not known yet: city level, as before
    ],
)
async def test_a_heze_county_is_filed_under_its_canonical_name(
    console: ConsoleService, county: str, filed: str | None
) -> None:
    await _held_by(console, AGENT.username)
    cases = RecordingCases()
    await console.open_order(cases, KEY, AGENT, {**FIELDS, "county": county}, CATALOGUE)
    assert [d.county for d in cases.drafts] == [filed]


async def test_the_form_offers_the_catalogues_counties(console: ConsoleService) -> None:
    await _held_by(console, AGENT.username)
    assert (await console.prefill(KEY, CATALOGUE))["counties"] == [
        "牡丹区",
        "曹县",
        "菏泽经济技术开发区",
    ]


async def test_a_supervisor_cannot_file_on_a_chat_another_agent_holds(
    console: ConsoleService,
) -> None:
    await _held_by(console, AGENT.username)
    cases = RecordingCases()
    with pytest.raises(Forbidden, match="该会话由lili处理中"):
        await console.open_order(cases, KEY, BOSS, FIELDS)
    assert cases.drafts == []
    assert (await console.conversation(KEY)).work_order is None
    # the holder files it
    assert (await console.open_order(cases, KEY, AGENT, FIELDS)).created


async def test_a_supervisor_files_once_the_chat_is_theirs(console: ConsoleService) -> None:
    await _held_by(console, BOSS.username)
    assert (await console.open_order(RecordingCases(), KEY, BOSS, FIELDS)).created


async def test_nobody_files_on_a_queued_chat(console: ConsoleService) -> None:
    await console.record_turn(KEY, "web", "", "citizen-45", "in", "井盖丢了", [], None, None)
    await console.enqueue(KEY, "web", "", "citizen-45", "citizen_request", "诉求：井盖丢了")
    with pytest.raises(Forbidden, match="请先接入该会话"):
        await console.open_order(RecordingCases(), KEY, BOSS, FIELDS)
