"""`python -m axiom_publisher` runs the `axiom` command."""

import sys

from axiom_publisher.cli import main

sys.exit(main())
