"""How a finding of a robustness study fares under one set of assumptions.

Shared by the analysis (`lcsim.experiments.robustness`, which judges) and its page
(`lcsim.experiments.robustness_report`, which words and colours the judgements), so the
page needs nothing else from the analysis module than the results it is given.
"""

from __future__ import annotations

HOLDS, UNCLEAR, REVERSED = "holds", "no clear difference", "reversed"  # verdicts per set
VERDICTS = (HOLDS, UNCLEAR, REVERSED)
MOSTLY_NOISE = 0.5  # noise_share from which the spread between sets is mostly chance
