"""Chinese NLU for the hotline: normalization, classification, triage, entities, knowledge base."""
