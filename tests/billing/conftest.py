import pytest

from tests.billing.audit_flush import pytest_runtest_teardown  # noqa: F401


@pytest.fixture
def treasurer(make_user):
    return make_user("treasurer", first_name="Thérèse", last_name="Trésor")
