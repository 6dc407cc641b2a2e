from pathlib import Path

import pytest

from guild.insights.models import InsightsSettings
from tests.insights.factories import digital_naf_codes

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "StockEtablissement_sample.csv"


@pytest.fixture
def limousin(db):
    """The region is Limousin (19, 23, 87) and the digital NAF codes are flagged."""
    digital_naf_codes()
    InsightsSettings.objects.update_or_create(
        pk=1, defaults={"region_name": "Limousin", "departements": "19,23,87"}
    )
    return InsightsSettings.objects.get(pk=1)


@pytest.fixture
def sample_bytes():
    return SAMPLE.read_bytes()


@pytest.fixture
def board_user(make_user):
    return make_user("board", first_name="Bérénice", last_name="Bureau")
