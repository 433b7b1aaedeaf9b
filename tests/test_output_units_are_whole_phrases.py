"""Every output's unit reads on its own in the data dictionary: a 0-1 share says what it
is a share of ("share of ties between roles"), not a fragment ("of ties between roles")."""

from __future__ import annotations

from lcsim import outputs


def test_every_share_names_itself_a_share_of_something():
    for o in outputs.OUTPUTS.values():
        if o.kind == outputs.SHARE:
            assert o.unit.startswith("share of "), (o.name, o.unit)


def test_no_unit_starts_with_a_bare_preposition():
    for o in outputs.OUTPUTS.values():
        assert o.unit.split()[0] not in ("of", "per", "in", "for"), (o.name, o.unit)


def test_the_report_bracket_still_reads_percent_of_the_whole():
    from lcsim.experiments.report import unit_words

    assert unit_words(outputs.OUTPUTS["cross_role_tie_share"]) == "% of ties between roles"
