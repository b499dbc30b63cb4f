"""Export what restwright inferred as a dlt `rest_api` config (the `inspect --format rest-api` output)."""

from __future__ import annotations

from restwright.export.rest_api import (
    export_rest_api,
    to_rest_api_config,
    to_rest_api_yaml,
)
from restwright.export.result import ExportedResource, RestApiExport
from restwright.export.yaml_text import render_yaml

__all__ = [
    "ExportedResource",
    "RestApiExport",
    "export_rest_api",
    "render_yaml",
    "to_rest_api_config",
    "to_rest_api_yaml",
]
