"""Texts of the admin console; keys start with `admin.`. Every locale is complete: one
module per locale (split in two, the programs' setup and running them)."""

from __future__ import annotations

from services.portal.domain.texts.admin_de import DE
from services.portal.domain.texts.admin_en import EN
from services.portal.domain.texts.admin_es import ES
from services.portal.domain.texts.admin_fr import FR
from services.portal.domain.texts.admin_ja import JA

TEXTS: dict[str, dict[str, str]] = {"en": EN, "de": DE, "fr": FR, "es": ES, "ja": JA}
