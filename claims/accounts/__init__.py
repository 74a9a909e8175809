"""Accounts: who may sign in and how (docs/security.md).

- models.py: API tokens (stored hashed) and the history of accounts, roles and tokens;
- services.py: the writes (invite a new account, send a set-password link, create and revoke
  tokens, lift a login lock);
- tokens.py: `Authorization: Token <key>` for the API; throttles.py: the API's rate limits;
- middleware.py: the client address in every history context;
- two_factor.py: optional TOTP, required for Reviewers and Admins when FACTCHECK_REQUIRE_2FA is on;
- views.py / urls.py: set-password links, and two-factor enrolment.
"""
