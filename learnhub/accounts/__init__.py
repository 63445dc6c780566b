"""Accounts: users, roles, member profiles, sign-up, log-in and privacy (PDPA)."""
