"""Conversation flows as pure functions ``step(state, event) -> (state, actions)``."""
