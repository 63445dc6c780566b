"""Credentials: certificates (issue, render, store, verify, revoke), transcripts."""
