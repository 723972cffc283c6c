"""The wording table: every citizen-facing sentence, editable by a centre without code.

``config/data/wording.yml`` holds ``texts`` (each a string, or ``rich`` and ``short``
variants: short for SMS and voice) and ``keywords`` (lists the engine matches replies
against when no NLU is available, e.g. yes/no, anonymity, emergencies).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from dialogs.errors import WordingError

Style = Literal["rich", "short"]
WORDING_FILE = "wording.yml"

# Every sentence the engine says; a table without one of these is refused at load time.
REQUIRED_TEXTS: frozenset[str] = frozenset(
    {
        "welcome",
        "menu_appeal",
        "menu_ask",
        "menu_progress",
        "menu_human",
        "yes_confirm",
        "no_amend",
        "yes_solved",
        "no_unsolved",
        "rate_satisfied",
        "rate_basic",
        "rate_unsatisfied",
        "thanks_reply",
        "out_of_scope",
        "ask_what",
        "ask_what_staff",
        "ask_where",
        "ask_where_again",
        "ask_since",
        "ask_contact",
        "ask_contact_phone",
        "ask_contact_again",
        "ask_contact_reuse",
        "ask_contact_last",
        "phone_digits_wrong",
        "phone_tail_whole",
        "phone_not_seen",
        "contact_noted",
        "result_unsatisfied",
        "channel_heard",
        "channel_hotline",
        "channel_understood",
        "channel_voice",
        "contact_none_anonymous",
        "anonymous_ok",
        "attachment_received",
        "edited_resend",
        "sms_optout",
        "confirm_summary",
        "ask_amend",
        "ask_amend_item",
        "ask_amend_again",
        "receipt",
        "receipt_no_deadline",
        "order_failed",
        "address_unresolved",
        "emergency",
        "legal_channel",
        "repeat_matter",
        "secret_privacy",
        "unlawful",
        "unacceptable",
        "knowledge_answer",
        "knowledge_not_found",
        "knowledge_not_covered",
        "knowledge_followup_what",
        "knowledge_answer_again",
        "knowledge_not_found_brief",
        "knowledge_answer_brief",
        "resume_intake",
        "which_unit_intake",
        "welcome_again",
        "knowledge_file",
        "offer_human",
        "offer_file",
        "knowledge_solved",
        "knowledge_to_intake",
        "ask_question",
        "ask_order_number",
        "ask_phone_last4",
        "progress",
        "progress_result",
        "callback_result",
        "order_not_found",
        "lookup_failed",
        "ask_rating",
        "ask_rating_again",
        "ask_unsatisfied_reason",
        "evaluation_thanks",
        "evaluation_unsatisfied_thanks",
        "handoff",
        "handoff_queued",
        "handoff_waiting",
        "agent_released",
        "abuse_warning",
        "agent_joined",
        "agent_joined_told",
        "agent_transferred",
        "agent_order_opened",
        "abuse_throttled",
        "summary_unknown",
        "anonymous_label",
        "describe_please",
        "safety_line",
        "ask_go_on",
        "intake_cancelled",
        "intake_resume",
        "flow_left",
        "heard_confirm",
        "heard_yes",
        "heard_no",
        "heard_again",
        "text_kept",
        "agent_note_callback",
        "handoff_unavailable",
        "picture_caption",
        "ask_where_detail",
        "ask_where_which",
        "ask_where_county_of",
        "ask_where_town_county",
        "place_outside",
        "progress_no_number",
        "progress_none_own",
        "progress_choose",
        "progress_choice_item",
        "progress_choose_again",
        "said_before_where",
        "said_before_where_known",
        "said_before_what",
        "said_before_contact",
        "consult_noted",
        "ask_contact_channel",
    }
)
REQUIRED_KEYWORDS: frozenset[str] = frozenset(
    {
        "yes",
        "no",
        "anonymous",
        "human",
        "dont_know",
        "none",
        "small_talk",
        "ask_intro",
        "appeal_intro",
        "thanks",
        "cancel",
        "cancel_soft",
        "anonymous_soft",
        "consult",
        "repeat_cue",
        "said_before",
        "emergency_110",
        "emergency_119",
        "emergency_120",
        "emergency_122",
    }
)
_FORMATTER = string.Formatter()


Param = str | int | float
"""A value a wording template is filled with (``{count}``, ``{number}``, ``{unit}`` ...)."""


@dataclass(frozen=True)
class Wording:
    """Sentences by key and style, and keyword lists."""

    texts: Mapping[str, Mapping[str, str]]
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""

    def say(self, key: str, style: Style = "rich", /, **params: Param) -> str:
        """The sentence ``key`` in ``style`` (falling back to rich), filled with ``params``
        (``{name}`` placeholders of the template; a missing one is :class:`WordingError`)."""
        variants = self.texts.get(key)
        if variants is None:
            raise WordingError(f"wording key {key!r} is not defined in {self.source or 'table'}")
        template = variants.get(style) or variants["rich"]
        try:
            return template.format_map(params).strip()
        except (KeyError, IndexError, ValueError) as exc:
            raise WordingError(f"wording {key!r}: cannot fill {exc}") from exc

    def words(self, key: str) -> tuple[str, ...]:
        """A keyword list (empty when not defined)."""
        return self.keywords.get(key, ())


#: First-person words of Shandong speech (俺, 俺们, 咱们) for 我 / 我们 in keyword lists.
_DIALECT = (("我们", ("俺们", "咱们")), ("我", ("俺",)))


def with_dialect(words: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` and their variants with 俺 / 俺们 / 咱们 for 我 / 我们 ("俺想问一下",
    "俺不想留电话"), each once, the table's own words first."""
    out = list(words)
    for word in words:
        for standard, local in _DIALECT:
            if standard in word:
                for variant in local:
                    v = word.replace(standard, variant)
                    if v not in out:
                        out.append(v)
                break
    return tuple(out)


def _check_template(key: str, template: str) -> None:
    try:
        for _literal, name, _spec, _conv in _FORMATTER.parse(template):
            if name is not None and not name.isidentifier():
                raise WordingError(f"wording {key!r}: placeholder {{{name}}} is not a name")
    except ValueError as exc:
        raise WordingError(f"wording {key!r}: {exc}") from exc


def parse_wording(data: object, source: str = "") -> Wording:
    """Validate a loaded YAML document into a :class:`Wording`."""
    if not isinstance(data, dict):
        raise WordingError(f"{source}: the wording table must be a mapping")
    raw_texts = data.get("texts")
    raw_keywords = data.get("keywords") or {}
    if not isinstance(raw_texts, dict) or not isinstance(raw_keywords, dict):
        raise WordingError(f"{source}: 'texts' and 'keywords' must be mappings")
    texts: dict[str, dict[str, str]] = {}
    for key, value in raw_texts.items():
        if not isinstance(key, str):
            raise WordingError(f"{source}: text name {key!r} must be quoted text")
        if isinstance(value, str):
            variants = {"rich": value}
        elif isinstance(value, dict) and isinstance(value.get("rich"), str):
            variants = {"rich": value["rich"]}
            if value.get("short") is not None:
                if not isinstance(value["short"], str):
                    raise WordingError(f"{source}: {key}.short must be text")
                variants["short"] = value["short"]
            extra = set(value) - {"rich", "short"}
            if extra:
                raise WordingError(f"{source}: {key} has unknown variants {sorted(extra)}")
        else:
            raise WordingError(f"{source}: {key} must be text or {{rich, short}}")
        for template in variants.values():
            _check_template(str(key), template)
        texts[str(key)] = variants
    keywords: dict[str, tuple[str, ...]] = {}
    for key, value in raw_keywords.items():
        if not isinstance(key, str):  # YAML 1.1 reads a bare yes/no key as a boolean
            raise WordingError(f"{source}: keyword list name {key!r} must be quoted text")
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise WordingError(f"{source}: keywords.{key} must be a list of non-empty texts")
        keywords[str(key)] = with_dialect(tuple(value))
    missing = sorted(REQUIRED_TEXTS - set(texts)) + sorted(
        f"keywords.{k}" for k in REQUIRED_KEYWORDS - set(keywords)
    )
    if missing:
        raise WordingError(f"{source}: missing wording entries: {', '.join(missing)}")
    return Wording(texts=texts, keywords=keywords, source=source)


def load_wording(config_dir: Path) -> Wording:
    """Load and validate ``config_dir/wording.yml``."""
    path = Path(config_dir) / WORDING_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise WordingError(f"cannot read {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise WordingError(f"{path} is not valid YAML: {exc}") from exc
    return parse_wording(data, str(path))
