"""The API's shared plumbing, used by every app's viewsets.

- `errors`: RFC 9457 problem details: the JSON exception handler, the service error classes it
  understands, and the body every error under /api/ has
- `middleware`, `handlers`: the same body for what DRF does not see (no route, bad Host, a body
  over DATA_UPLOAD_MAX_MEMORY_SIZE, Django's error and debug pages), DEBUG or not
- `filters`: the filter backend every list uses (a malformed parameter is a 400 naming it)
- `etags`: ETag / If-Match / If-None-Match on top of Django's `parse_etags` / `quote_etag`
- `pagination`: keyset cursor pagination, its tiebreaking ordering filter, page-number pages
- `params`: ids in paths and query parameters (bigint-safe, via `factcheck.ids`)
- `permissions`: who may use the API (newsroom roles, or an API key on a view that allows it)
- `schema`: the OpenAPI pieces every view repeats (error bodies, the If-Match and
  Idempotency-Key headers), and the AutoSchema that types ids and lists every error

Nothing here imports an app: the apps import this. Authentication classes are named in
settings (`REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]`), so the API-key scheme of `cms`
is plugged in by string; a principal that stands for an API key says so with `is_api_key`.
Idempotency keys are the one piece of plumbing outside: `cms.middleware` (its table and its
API-key callers are cms's; see there).
"""
