"""Calls to people first: the voice queue, the bridge to an agent, callbacks and figures."""
