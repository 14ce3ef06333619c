from sikerja_runtime import ServiceSettings


class Settings(ServiceSettings):
    """org-registry reads only the platform-wide ``SIKERJA_*`` settings so far."""
