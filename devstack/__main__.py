"""`python -m devstack run | test | exec | stop` (see devstack/cli.py)."""

import sys

from devstack.cli import main

sys.exit(main())
