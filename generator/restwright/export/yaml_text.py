"""The export as YAML text: safe-dumped data, with notes as comments that spec text cannot escape."""

from __future__ import annotations

import json
from typing import Any

import yaml

from restwright.export.result import RestApiExport

HEADER = (
    "dlt rest_api config inferred by restwright: rest_api_source(yaml.safe_load(text))",
    "No credentials are written here: dlt reads them from its secrets (see the auth notes).",
)


def comment(text: str, indent: str = "") -> str:
    """One `# ...` line. Spec text is JSON-escaped to ASCII so no line break (not even
    U+2028 or NEL, which YAML also breaks on) can end the comment and start YAML."""
    escaped = json.dumps(text, ensure_ascii=True)[1:-1]
    return f"{indent}# {escaped}\n"


def _dump(value: Any) -> str:
    return yaml.safe_dump(
        value,
        sort_keys=False,
        allow_unicode=False,
        default_flow_style=False,
        width=100,
    )


def render_yaml(export: RestApiExport) -> str:
    """YAML that loads to exactly `export.config`; comments sit beside what they concern."""
    parts = [comment(line) for line in HEADER]
    parts.append("\n")
    parts += [comment(note) for note in export.client_notes]
    parts.append(_dump({"client": export.client}))
    parts.append("resources:")
    if not export.resources:
        parts.append(" []\n")
    else:
        parts.append("\n")
    for resource in export.resources:
        parts += [comment(note) for note in resource.notes]
        parts.append(_dump([resource.config]))
    if export.skipped:
        parts.append("\n")
        parts.append(comment("operations that are not resources here:"))
        parts += [comment(f"  {line}") for line in export.skipped]
    return "".join(parts)
