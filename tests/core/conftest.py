"""Core tests: transactional tests flush the audit log through the shared guard lift."""

from tests.billing.audit_flush import pytest_runtest_teardown  # noqa: F401
