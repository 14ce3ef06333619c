"""Nomor Induk Pegawai (NIP): 18 digits, ``YYYYMMDD YYYYMM G NNN``.

- 1-8: date of birth; 9-14: year and month of appointment (TMT CPNS/PPPK); 15: gender (1 man, 2 woman);
  16-18: sequence number (001-999). Example format from the seeds' signature blocks: "19760604 200604 1 002".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_DIGITS = re.compile(r"^\d{18}$")


class InvalidNip(ValueError):
    pass


@dataclass(frozen=True)
class Nip:
    value: str
    birth_date: date
    appointed: tuple[int, int]  # (year, month)
    gender: str  # "L" (laki-laki) or "P" (perempuan)
    sequence: int

    def __str__(self) -> str:
        return self.value

    @property
    def grouped(self) -> str:
        v = self.value
        return f"{v[:8]} {v[8:14]} {v[14]} {v[15:]}"


def parse_nip(raw: str) -> Nip:
    """Validate and decompose a NIP; spaces are allowed between groups. Raises :class:`InvalidNip` in Indonesian."""
    value = raw.replace(" ", "")
    if not _DIGITS.match(value):
        raise InvalidNip("NIP harus terdiri dari 18 angka")
    try:
        birth = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError as exc:
        raise InvalidNip("8 angka pertama NIP bukan tanggal lahir yang sah") from exc
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        raise InvalidNip("angka 9-14 NIP harus tahun dan bulan pengangkatan yang sah")
    appointed_age = year - birth.year - ((month, 1) < (birth.month, birth.day))
    if appointed_age < 17:
        raise InvalidNip("tahun pengangkatan pada NIP terlalu dekat dengan tanggal lahir (di bawah 17 tahun)")
    if year > date.today().year + 1:
        raise InvalidNip("tahun pengangkatan pada NIP berada di masa depan")
    if value[14] not in "12":
        raise InvalidNip("angka ke-15 NIP (jenis kelamin) harus 1 atau 2")
    sequence = int(value[15:])
    if sequence == 0:
        raise InvalidNip("nomor urut NIP (angka 16-18) tidak boleh 000")
    return Nip(value, birth, (year, month), "L" if value[14] == "1" else "P", sequence)
