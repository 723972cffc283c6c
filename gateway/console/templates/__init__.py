"""Console page templates (package data)."""
