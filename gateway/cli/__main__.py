"""``python -m gateway.cli``: the same as the ``hotline`` command."""

from gateway.cli import main

raise SystemExit(main())
