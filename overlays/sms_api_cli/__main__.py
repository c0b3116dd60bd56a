"""``python -m sms_api_cli``: the same as the ``sms-api`` console script."""

import sys

from .entry import main

sys.exit(main())
