"""Inference: for each operation its paginator, data selector and auth, each with evidence."""
