"""`python -m argmap` is the `argmap` command."""

import sys

from .cli import main

sys.exit(main())
