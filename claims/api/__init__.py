"""The claims app's API: one module per resource, routes in `urls.py`.

- `claims`: `/api/claims/` list, detail, edit, nested evidence / notes / history, and the
  workflow actions (one generic action per row of `claims.workflow.TRANSITIONS`)
- `evidence`, `annotations`, `ratings`, `users`: the rows around claims
- `matching`: matches, groups and prior verdicts of a claim
- `search`: `/api/search/` over claims and articles

Views are thin: serializers in `claims.serializers`, writes in `claims.services`, plumbing
(errors, ETags, pagination, ids, permissions) in `factcheck.api`.
"""
