"""Console script and style, served locally (package data)."""
