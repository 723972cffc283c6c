"""Live assist for the agent: call audio to text, text to a draft work order, suggestions.

``audio`` (μ-law), ``stream`` (Twilio Media Streams frames), ``asr`` (the one streaming
recognizer interface and its engine adapters), ``draft`` (transcript to draft order),
``service`` (per-conversation state, console events), ``router`` (the websocket and the
console's JSON API).
"""
