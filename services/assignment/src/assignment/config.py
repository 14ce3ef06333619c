from sikerja_runtime import ServiceSettings


class Settings(ServiceSettings):
    """assignment reads only the platform-wide ``SIKERJA_*`` settings so far."""
