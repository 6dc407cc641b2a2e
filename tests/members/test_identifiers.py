import pytest
from django.core.exceptions import ValidationError

from guild.members.identifiers import (
    clean_siren,
    clean_siret,
    clean_vat,
    siret_is_valid,
    vat_from_siren,
)


@pytest.mark.parametrize("value", ["732 829 320", "356000000", "552100554"])
def test_valid_siren(value):
    assert clean_siren(value) == value.replace(" ", "")


@pytest.mark.parametrize(
    ("value", "message"),
    [("12345", "9 chiffres"), ("732829321", "pas valide"), ("ABCDEFGHI", "9 chiffres")],
)
def test_invalid_siren(value, message):
    with pytest.raises(ValidationError) as error:
        clean_siren(value)
    assert message in str(error.value)


def test_la_poste_rule():
    assert siret_is_valid("35600000000048")  # La Poste head office (Luhn valid too)
    assert siret_is_valid("35600000049837")  # digit sum 50: La Poste rule, not Luhn
    assert not siret_is_valid("35600000012345")  # digit sum 29
    assert siret_is_valid("73282932000074")
    assert not siret_is_valid("73282932000075")
    assert not siret_is_valid("12345")
    assert not siret_is_valid("11111111100000")


def test_clean_siret_and_vat():
    assert clean_siret("356 000 000 00048") == "35600000000048"
    with pytest.raises(ValidationError, match="14 chiffres"):
        clean_siret("356")
    with pytest.raises(ValidationError, match="pas valide"):
        clean_siret("73282932000075")
    assert vat_from_siren("732829320") == "FR44732829320"
    assert clean_vat("fr 44 732829320") == "FR44732829320"
    assert clean_vat("") == ""
    with pytest.raises(ValidationError, match="françaises|français"):
        clean_vat("DE123456789")
    with pytest.raises(ValidationError, match="pas valide"):
        clean_vat("FR45732829320")


@pytest.mark.django_db
def test_naf_reference_loaded():
    from guild.members.identifiers import naf_lookup
    from guild.members.models import NafCode

    assert naf_lookup("6201Z").label == "Programmation informatique"
    assert naf_lookup("62.02a").is_digital
    assert not naf_lookup("70.22Z").is_digital
    for division in ("58", "61", "62", "63"):
        assert NafCode.objects.filter(code__startswith=division).exists()
    with pytest.raises(ValidationError, match="Code NAF inconnu"):
        naf_lookup("99.99Z")


@pytest.mark.django_db
def test_naf_reference_is_the_whole_nomenclature():
    """All 732 sub-classes of NAF rév. 2 are known, so a member outside the digital sector (an
    accounting firm, a training body, a bakery) is recorded with its real code."""
    from guild.members.identifiers import naf_lookup
    from guild.members.models import NafCode

    assert NafCode.objects.filter(version="NAFRev2").count() == 732
    assert naf_lookup("69.20Z").label == "Activités comptables"
    assert naf_lookup("1071C").label == "Boulangerie et boulangerie-pâtisserie"
    assert not naf_lookup("85.59A").is_digital
    assert NafCode.objects.filter(is_digital=True).count() == 38
