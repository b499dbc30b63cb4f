"""restwright: typed, self-paginating Python clients from OpenAPI documents and dlt rest_api configs.

The pipeline is visible in the layout: load → model → infer → render → write.
"""

__version__ = "0.1.0"
