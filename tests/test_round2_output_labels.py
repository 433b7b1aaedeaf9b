"""The label of paid hours per lasting product says that its hours are those of the
funded years only (docs/ODD.md), so it is not read against all members' paid hours."""

from __future__ import annotations

from lcsim import outputs


def test_paid_hours_per_lasting_product_names_the_funded_years_in_its_label():
    meta = outputs.output("paid_hours_per_lasting_product")
    assert meta.label == "paid hours in the funded years per lasting product"
    assert "funded years" in meta.meaning


def test_lcsim_run_prints_the_funded_years_label(capsys):
    from lcsim.cli import main

    assert main(["run", "--seed", "1", "--quiet", "--set", "funding_years=1",
                 "weeks_after_funding=10", "n_participants=20"]) == 0
    out = capsys.readouterr().out
    assert "paid hours in the funded years per lasting product" in out
    assert "  paid hours per lasting product" not in out
