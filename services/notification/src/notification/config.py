from sikerja_runtime import ServiceSettings


class Settings(ServiceSettings):
    """notification reads only the platform-wide ``SIKERJA_*`` settings so far."""
