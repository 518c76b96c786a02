"""What every service call needs: the session, who is acting, the time, and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from central.auth.models import User
from central.config import Settings
from central.reference.service import DistrictIndexCache


@dataclass
class Ctx:
    session: Session
    user: User
    now: datetime
    settings: Settings
    districts: DistrictIndexCache
