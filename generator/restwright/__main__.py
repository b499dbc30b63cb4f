"""`python -m restwright …` is the `restwright` command."""

from restwright.cli import main

raise SystemExit(main())
