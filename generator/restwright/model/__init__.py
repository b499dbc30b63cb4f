"""The intermediate representation: plain dataclasses every later stage reads.

`build_model(document)` (in `restwright.model.build`) turns a loaded OpenAPI document into an `ApiModel`.
"""

from restwright.model.ir import *  # noqa: F401,F403
