"""The dlt `rest_api` config input: a config enters the same intermediate model as OpenAPI."""

from __future__ import annotations

from restwright.restconfig.build import build_model_from_config

__all__ = ["build_model_from_config"]
