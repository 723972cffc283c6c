"""A hotline centre's 督办 policy and how it is read from ``config/data/supervision.yml``.

Warning lead times, sign-in and contact limits the catalogue does not set, grace periods,
the thresholds of (三) and (四) and the escalation ladder; one :class:`Policy` per centre
(:func:`load_policies`), the built-in defaults where the file is silent. Used by the rules
of :mod:`casebridge.supervision_rules`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from casebridge.supervision_terms import Method, Timer
from casebridge.yamlread import Doc, integer, load, mapping, number, sequence


class SupervisionRuleError(ValueError):
    """A supervision policy that cannot be used (the message names the field)."""


@dataclass(frozen=True)
class EscalationStep:
    """One rung of a centre's escalation ladder."""

    step: str  # machine name, e.g. urge_notice
    label: str  # Chinese, e.g. 督办通知
    method: Method
    after_hours: float  # since the supervision was opened
    public: bool = False  # e.g. 通报批评 is published


@dataclass(frozen=True)
class Policy:
    """A hotline centre's supervision configuration."""

    name: str = "default"
    warn_before: Mapping[Timer, timedelta] = field(
        default_factory=lambda: {
            Timer.SIGN: timedelta(hours=1),
            Timer.CONTACT: timedelta(hours=2),
            Timer.REPLY: timedelta(hours=24),
            Timer.CO_REPORT: timedelta(hours=12),
            Timer.EXTENSION_DECISION: timedelta(hours=4),
        }
    )
    # limits the catalogue does not set: sign-in and first contact (utilities shorter, 第二十条)
    sign_within: timedelta = timedelta(hours=2)
    sign_within_utility: timedelta = timedelta(minutes=30)
    contact_within: timedelta = timedelta(hours=24)
    contact_within_utility: timedelta = timedelta(hours=2)
    extension_review_within: timedelta = timedelta(hours=24)
    refuse_grace: timedelta = timedelta(hours=24)
    repeat_window: timedelta = timedelta(days=30)
    same_citizen_min: int = 3
    many_citizens_min: int = 5
    kb_max_age: timedelta = timedelta(days=180)
    kb_policy_grace: timedelta = timedelta(days=3)
    escalation: tuple[EscalationStep, ...] = (
        EscalationStep("urge_notice", "督办通知", Method.WRITTEN, 0),
        EscalationStep("phone_urge", "电话催办", Method.PHONE, 24),
        EscalationStep("on_site", "现场督办", Method.ON_SITE, 72),
        EscalationStep("public_reprimand", "通报批评", Method.WRITTEN, 168, public=True),
    )


def policy_for(policies: Mapping[str, Policy], centre: str) -> Policy:
    """The centre's policy, or the default one."""
    return policies.get(centre) or policies.get("default") or Policy()


def _hours(data: Doc, key: str, default: timedelta, where: str) -> timedelta:
    if key not in data:
        return default
    try:
        value = number(data[key], key)
    except (TypeError, ValueError) as exc:
        raise SupervisionRuleError(f"{where}.{key} must be a number") from exc
    if value < 0:
        raise SupervisionRuleError(f"{where}.{key} must not be negative")
    return timedelta(hours=value)


def _step(raw: object) -> EscalationStep:
    s = mapping(raw, "a step")
    hours, method = number(s.get("after_hours", 0), "after_hours"), str(s.get("method", "writing"))
    return EscalationStep(
        str(s["step"]), str(s["label"]), Method(method), hours, bool(s.get("public"))
    )


def _policy(name: str, data: Doc, base: Policy) -> Policy:
    where = f"centres.{name}"
    warn = dict(base.warn_before)
    try:
        timers, rep = mapping(data.get("timers"), "timers"), mapping(data.get("repeated"), "")
        kb, lim = mapping(data.get("knowledge"), "knowledge"), mapping(data.get("limits"), "")
    except TypeError as exc:
        raise SupervisionRuleError(f"{where}: {exc}") from exc
    for tname, tdata in timers.items():
        try:
            timer = Timer(tname)
            tmap = mapping(tdata, f"timers.{tname}")
        except (TypeError, ValueError) as exc:
            raise SupervisionRuleError(f"{where}.timers: unknown timer {tname!r}") from exc
        warn[timer] = _hours(tmap, "warn_before_hours", warn.get(timer, timedelta(0)), where)
    escalation = base.escalation
    if "escalation" in data:
        steps = []
        for i, s in enumerate(sequence(data["escalation"], "escalation")):
            try:
                steps.append(_step(s))
            except (KeyError, ValueError, TypeError) as exc:
                raise SupervisionRuleError(f"{where}.escalation[{i}]: {exc}") from exc
        if [s.after_hours for s in steps] != sorted(s.after_hours for s in steps):
            raise SupervisionRuleError(f"{where}.escalation: after_hours must not decrease")
        escalation = tuple(steps)
    try:
        same_min = integer(rep.get("same_citizen_min", base.same_citizen_min), "same_citizen_min")
        many_min = integer(rep.get("many_citizens_min", base.many_citizens_min), "many")
        window_days = number(rep.get("window_days", base.repeat_window.days), "window_days")
        max_age = number(kb.get("max_age_days", base.kb_max_age.days), "max_age_days")
        grace = number(kb.get("policy_grace_days", base.kb_policy_grace.days), "grace")
    except (TypeError, ValueError) as exc:
        raise SupervisionRuleError(f"{where}.repeated or knowledge: {exc}") from exc
    if same_min < 2 or many_min < 2:
        raise SupervisionRuleError(f"{where}.repeated: thresholds must be at least 2")
    w = where + ".limits"
    return Policy(
        name=name,
        warn_before=warn,
        sign_within=_hours(lim, "sign_hours", base.sign_within, w),
        sign_within_utility=_hours(lim, "sign_hours_utility", base.sign_within_utility, w),
        contact_within=_hours(lim, "contact_hours", base.contact_within, w),
        contact_within_utility=_hours(lim, "contact_hours_utility", base.contact_within_utility, w),
        extension_review_within=_hours(
            lim, "extension_review_hours", base.extension_review_within, w
        ),
        refuse_grace=_hours(data, "refuse_grace_hours", base.refuse_grace, where),
        repeat_window=_hours(rep, "window_hours", base.repeat_window, where + ".repeated")
        if "window_hours" in rep
        else timedelta(days=window_days),
        same_citizen_min=same_min,
        many_citizens_min=many_min,
        kb_max_age=timedelta(days=max_age),
        kb_policy_grace=timedelta(days=grace),
        escalation=escalation,
    )


def parse_policies(data: Doc) -> dict[str, Policy]:
    """Policies per centre from parsed YAML; other centres inherit from ``default``."""
    centres = data.get("centres")
    if not isinstance(centres, Mapping) or not centres:
        raise SupervisionRuleError("supervision config needs a non-empty 'centres' mapping")
    try:
        by_name = {str(n): mapping(c, f"centres.{n}") for n, c in centres.items()}
    except TypeError as exc:
        raise SupervisionRuleError(str(exc)) from exc
    default = _policy("default", by_name.get("default") or {}, Policy())
    out = {"default": default}
    for name, cdata in by_name.items():
        if name != "default":
            out[name] = _policy(name, cdata, default)
    return out


def load_policies(path: Path) -> dict[str, Policy]:
    """Read ``supervision.yml``; a missing file gives the built-in default policy."""
    data = load(path, SupervisionRuleError)
    return {"default": Policy()} if data is None else parse_policies(data)
