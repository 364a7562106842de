"""The report timestamp, reproducible through SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
from datetime import datetime, timezone


def generation_time() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    else:
        moment = datetime.now(tz=timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
