"""What the engine needs besides the state and the event: wording, style, thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogs.wording import Param, Style, Wording

# Channels whose replies must be short (a text message, a voice prompt).
SHORT_CHANNELS = frozenset({"sms", "voice"})
# Channels where the number is the caller's line: a call-taker asks how to address the
# caller and whether the result may go to that number (or none: 匿名), as on 12345 calls;
# an SMS number is the reply channel itself and is taken as it is.
CALLER_CHANNELS = frozenset({"voice"})
# Channels that put the citizen through to 110/119/120/122 (the phone line dials the
# number: channels/voice); a text channel only tells it (trial11 N05: 「已告知122」).
TRANSFER_CHANNELS = frozenset({"voice"})


@dataclass(frozen=True)
class Thresholds:
    """Tunable limits of the flows."""

    knowledge_min_score: float = 0.3  # a floor; the knowledge base applies its own tuned one
    max_where_asks: int = 3  # then an agent resolves the territory
    # a county (or township) alone, or "俺村东头": ask once which village, estate or road
    ask_place_detail: bool = True
    # "since when?" as a question of its own (off: a call-taker records the time when the
    # citizen says it, and the read-back shows it for correction, so an appeal needs
    # four turns: matter, place, contact, confirm)
    ask_since: bool = False
    # the citizen turns a call-taker needs for a typical appeal (matter, place, contact,
    # confirm): "since when?" is still asked while the intake stays within them
    order_turns: int = 4
    max_contact_asks: int = 2
    max_order_failures: int = 2  # then an agent takes over
    repeat_limit: int = 3  # identical messages in a row that count as abuse
    repeat_min_chars: int = 4  # shorter texts ("好", "1") repeat legitimately
    flood_limit: int = 12  # messages within ``flood_window_seconds`` that count as flooding
    flood_window_seconds: int = 60
    throttle_seconds: int = 600
    history_size: int = 6
    max_attachments: int = 9
    # the case store keeps appeals up to 20,000 characters; beyond, the citizen is told
    max_text_chars: int = 20000
    short_text_chars: int = 30  # the appeal text in an SMS read-back
    short_answer_chars: int = 120
    display_timezone: str = "Asia/Shanghai"
    # speech below this recognition confidence is read back first (issue 14)
    min_speech_confidence: float = 0.6
    # 第十三条(一): an emergency found by the NLU's rules is always transferred; one found
    # by its model alone below this score gets the numbers as a safety line and the
    # conversation goes on (0 transfers every finding). Measured with the simulated
    # citizens (bench/README.md): model alarms on ordinary appeals scored 0.29-0.58.
    model_alarm_min_score: float = 0.6


@dataclass(frozen=True)
class DialogContext:
    """Read-only inputs of :func:`dialogs.engine.step`."""

    wording: Wording
    style: Style = "rich"
    thresholds: Thresholds = field(default_factory=Thresholds)
    ask_caller: bool = False  # ask the caller's name and consent to the line's number
    transfers: bool = False  # an emergency number is dialled for the citizen, not only told

    @classmethod
    def for_channel(
        cls, channel: str, wording: Wording, thresholds: Thresholds | None = None
    ) -> DialogContext:
        """Short style for SMS and voice, rich otherwise."""
        style: Style = "short" if channel in SHORT_CHANNELS else "rich"
        return cls(
            wording=wording,
            style=style,
            thresholds=thresholds or Thresholds(),
            ask_caller=channel in CALLER_CHANNELS,
            transfers=channel in TRANSFER_CHANNELS,
        )

    def say(self, key: str, /, **params: Param) -> str:
        """A sentence of the wording table in this context's style."""
        return self.wording.say(key, self.style, **params)
