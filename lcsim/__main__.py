"""`python -m lcsim` is the same as the `lcsim` command."""

import sys

from lcsim.cli import main

sys.exit(main())
