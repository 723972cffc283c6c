"""The agent console: takeover queue, conversation records, agents and their sessions."""
