"""The read-only dashboard and JSON API (``opdcrawl serve``): Starlette, Jinja2, uvicorn.

``app`` builds the application, ``data`` reads what a page or endpoint shows through
the report layer and the SQL views, ``filters`` checks and applies the query
parameters, ``pages`` and ``api`` answer, ``openapi`` describes the API, ``server``
runs it on a socket. Nothing here writes to the database.
"""
