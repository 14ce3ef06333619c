from sikerja_runtime import ServiceSettings


class Settings(ServiceSettings):
    """performance reads only the platform-wide ``SIKERJA_*`` settings so far."""
