from pydantic import Field
from sikerja_runtime import ServiceSettings


class Settings(ServiceSettings):
    """The platform-wide ``SIKERJA_*`` settings plus assignment's own."""

    sweep_seconds: float = Field(default=300.0, gt=0, description="how often overdue requests are expired")
