"""Goodhart diagnostics."""
