"""The knowledge base's stored versions (第十八条: units keep their entries current)."""
