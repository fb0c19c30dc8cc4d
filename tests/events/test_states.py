"""The nationalities lexicon: every country's adjectives (Arabic forms made by morphology, CLDR
names from Babel) and the role words; malformed entries are reported by file and field."""

from __future__ import annotations

import pytest
import yaml

from events.states import LEXICON, StatesError, find_states, load_states
from geo.arabic import tokens


def roles(text: str) -> list[tuple[str, str]]:
    return [(m.country, m.role.key) for m in find_states(text, tokens(text))]


@pytest.mark.parametrize("text, expected", [
    ("الشرطة النيجيرية", [("NG", "police")]),
    ("قوات الأمن الصومالية", [("SO", "security")]),
    ("الجنود الكينيون", [("KE", "army")]),                 # masculine plural made from «كيني»
    ("المسؤولين الإثيوبيين", [("ET", "government")]),
    ("القوات الخاصة الأمريكية", [("US", "army")]),          # a definite word between
    ("جيش النيجر", [("NE", "army")]),                       # construct with the CLDR name
    ("شرطة موزمبيق", [("MZ", "police")]),
    ("Malian troops", [("ML", "army")]),
    ("Mozambique police", [("MZ", "police")]),               # the CLDR English name before the role
    ("Burkina Faso's army", [("BF", "army")]),
    ("the Yemeni coast guard", [("YE", "navy")]),
    ("الحدود السعودية", []),
    ("Iraqi oil", []),
])
def test_roles_with_a_nationality_or_a_country(text, expected):
    assert roles(text) == expected


def test_offsets_cover_role_and_nationality():
    text = "وأعلنت قوات الأمن الصومالية مقتل مسلحين"
    (m,) = find_states(text, tokens(text))
    assert text[m.start:m.end] == "قوات الأمن الصومالية"


def test_a_role_word_alone_is_returned_for_the_caller():
    (m,) = find_states("قالت الشرطة إن", tokens("قالت الشرطة إن"))
    assert m.alone and m.country == "" and m.role.key == "police"


def test_bundled_lexicon_is_well_formed_and_every_section_is_read():
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    assert set(data) == {"countries", "roles", "modifiers_en"}
    lex = load_states()
    assert set(lex.adjective_en) == set(data["countries"])
    assert lex.role_keys == tuple(data["roles"])
    assert lex.modifiers_en == {w.lower() for w in data["modifiers_en"]}
    for code, spec in data["countries"].items():
        assert len(code) == 2 and spec["en"], code


@pytest.mark.parametrize("change, field", [
    ({"countries": {"Sudan": {"en": ["Sudanese"]}}}, "ISO"),
    ({"countries": {"SD": {"ar": ["سوداني"]}}}, "English adjective"),
    ({"countries": {"SD": {"en": "Sudanese"}}}, "en must be a list"),
    ({"roles": {"army": {"label": "Army", "type": "state_forces"}}}, "label"),
    ({"roles": {"army": {"label": "{adj} Army", "type": "army"}}}, "type"),
])
def test_malformed_lexicon_is_reported(tmp_path, change, field):
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    data.update(change)
    p = tmp_path / "nationalities.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StatesError, match=field):
        load_states(str(p))
