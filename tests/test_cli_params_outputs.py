"""`lcsim params --outputs` lists every name a study's `outputs` and `series` take, with
its plain label, unit, kind and meaning, so a researcher need not read lcsim/outputs.py."""

from __future__ import annotations

import pytest

from lcsim.cli import main
from lcsim.experiments.measures import model_outcomes, model_series, region_only_names
from lcsim.outputs import OUTPUTS


def test_params_outputs_lists_every_outcome_and_series_name_with_label_unit_kind_meaning(
        capsys):
    assert main(["params", "--outputs"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "label", "unit", "kind", "meaning"]
    rows = {line.split()[0]: line for line in lines[1:]}
    kept = set(model_outcomes(True)) | set(model_series(True))
    assert kept <= set(rows), "every name a study may keep is listed"
    for name, row in rows.items():
        meta = OUTPUTS[name]
        for part in (meta.label, meta.unit, meta.kind, meta.meaning):
            assert part in row, f"{name}: {part!r} missing"
        assert ("regions only" in row) == (name in region_only_names())


def test_params_outputs_as_markdown_has_one_row_per_output(capsys):
    assert main(["params", "--outputs", "--markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| name | label | unit | kind | meaning |"
    assert len(lines) == 2 + len(OUTPUTS)
    assert "| `survived` |" in "\n".join(lines)


def test_params_takes_outputs_or_assumptions_not_both(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["params", "--outputs", "--assumptions"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not allowed with" in err
