"""Reference codes (DESIGN §5): labels in the reader's language, validators for codes."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from welcomehub.core import taxonomy
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ENGLISH_ONLY = {"languages", "countries"}
TRANSLATED = sorted(set(taxonomy._data()["vocabularies"]) - ENGLISH_ONLY)
PAIRS = [(vocabulary, code) for vocabulary in TRANSLATED for code in taxonomy.codes(vocabulary)]


def test_six_languages_are_configured() -> None:
    """English, French, Spanish, Arabic, Ukrainian and Dari are the interface languages."""
    assert LANGUAGES == ["en", "fr", "es", "ar", "uk", "fa-af"]


def test_label_follows_the_active_language() -> None:
    """The same code shows in English, French and Dari as the active language changes."""
    assert taxonomy.label("integration_domains", "work") == "Work"
    with override("fr"):
        assert taxonomy.label("integration_domains", "work") == "Travail"
    with override("fa-af"):
        assert taxonomy.label("integration_domains", "work") == "کار"


def test_label_falls_back_to_english() -> None:
    """A vocabulary without a French label shows the English one."""
    with override("fr"):
        assert taxonomy.label("countries", "PT") == "Portugal"
        assert taxonomy.label("languages", "ar") == "Arabic"


def test_regional_language_uses_its_base_language() -> None:
    """fr-ca has no labels of its own and reads the French ones."""
    with override("fr-ca"):
        assert taxonomy.label("integration_domains", "work") == "Travail"


def test_unknown_code_shows_as_itself() -> None:
    """An unknown code is shown as is rather than raising."""
    assert taxonomy.label("integration_domains", "flying") == "flying"


def test_unknown_vocabulary_raises() -> None:
    """Asking for a vocabulary that does not exist is a programming error."""
    with pytest.raises(LookupError):
        taxonomy.codes("no_such_vocabulary")


def test_design_codes_are_present() -> None:
    """The 14 integration domains and the reference codes of DESIGN §5 are all defined."""
    assert taxonomy.codes("integration_domains") == [
        "work",
        "housing",
        "education",
        "health_social_care",
        "leisure",
        "bonds",
        "bridges",
        "links",
        "language_communication",
        "culture",
        "digital_skills",
        "safety",
        "stability",
        "rights_responsibilities",
    ]
    assert len(taxonomy.codes("organisation_types")) == 11
    assert len(taxonomy.codes("exchange_topics")) == 26
    assert len(taxonomy.codes("exchange_modalities")) == 12


def test_choices_are_labelled_in_the_active_language() -> None:
    """Form choices pair each code with its label in the active language."""
    with override("es"):
        choices = dict(taxonomy.choices("sponsorship_models"))
    assert choices["named"] != "named"
    assert set(choices) == set(taxonomy.codes("sponsorship_models"))


def test_code_validator_accepts_known_and_rejects_unknown_codes() -> None:
    """CodeValidator accepts a code of its vocabulary and rejects any other."""
    validator = CodeValidator("organisation_types")
    validator("ngo")
    with pytest.raises(ValidationError) as caught:
        validator("club")
    assert caught.value.code == "unknown_code"
    with pytest.raises(ValidationError):
        validator("work")  # a code, but of another vocabulary


def test_code_list_validator_accepts_distinct_known_codes() -> None:
    """A list of distinct known codes, or an empty list, is valid."""
    validator = CodeListValidator("placement_needs")
    validator(["medical", "interpreter"])
    validator([])


@pytest.mark.parametrize(
    ("value", "error_code"),
    [
        (["medical", "teleport"], "unknown_code"),
        (["medical", "medical"], "duplicate_code"),
        ("medical", "not_a_list"),
        ([1], "not_a_list"),
    ],
)
def test_code_list_validator_rejects_bad_lists(value: object, error_code: str) -> None:
    """Unknown codes, a code listed twice, and anything but a list of strings are refused."""
    with pytest.raises(ValidationError) as caught:
        CodeListValidator("placement_needs")(value)
    assert caught.value.code == error_code


def test_validators_compare_by_vocabulary() -> None:
    """Validators are equal when they check the same vocabulary (stable migrations)."""
    assert CodeValidator("countries") == CodeValidator("countries")
    assert CodeValidator("countries") != CodeValidator("languages")


VOCABULARY_AND_CODE = st.sampled_from(TRANSLATED).flatmap(
    lambda vocabulary: st.tuples(st.just(vocabulary), st.sampled_from(taxonomy.codes(vocabulary)))
)


@given(pair=VOCABULARY_AND_CODE, language=st.sampled_from(LANGUAGES))
def test_every_translated_code_has_a_label_in_every_language(
    pair: tuple[str, str], language: str
) -> None:
    """For every vocabulary but languages and countries, every code has a non-empty label
    of its own in each of the six interface languages."""
    vocabulary, code = pair
    labels = taxonomy.entry(vocabulary, code)["labels"]
    assert labels.get(language, "").strip()
    with override(language):
        assert taxonomy.label(vocabulary, code).strip()


def test_every_translated_label_exists_exhaustively() -> None:
    """The same rule checked for every pair, so a single missing label cannot slip by."""
    missing = [
        (vocabulary, code, language)
        for vocabulary, code in PAIRS
        for language in LANGUAGES
        if not taxonomy.entry(vocabulary, code)["labels"].get(language, "").strip()
    ]
    assert missing == []


def test_every_code_is_unique_within_its_vocabulary() -> None:
    """No vocabulary lists the same code twice (the file would silently drop one)."""
    for vocabulary, spec in taxonomy._data()["vocabularies"].items():
        listed = [entry["code"] for entry in spec["codes"]]
        assert len(listed) == len(set(listed)), vocabulary
