"""Transactional outreach tests: lift the audit guard for the final flush (shared hook)."""

from tests.billing.audit_flush import pytest_runtest_teardown  # noqa: F401
