"""Accounts: users and roles, login with lockout, web sessions with idle timeout, API tokens, and the
audit trail every one of them writes. Shared by the CLI (``threadline user|token|audit``) and the web app."""
