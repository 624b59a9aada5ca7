"""Matching's whole store in MongoDB: the programs, participants, pairs and rounds adapters as
one object, for the use cases that take more than one port (a round reads and writes all four)."""

from __future__ import annotations

from services.matching.adapters.mongo_pairs import MongoPairs
from services.matching.adapters.mongo_participants import MongoParticipants
from services.matching.adapters.mongo_programs import MongoPrograms
from services.matching.adapters.mongo_rounds import MongoRounds


class MongoMatchingStore(MongoPrograms, MongoParticipants, MongoPairs, MongoRounds):
    """Every port of `application/ports.py`; built like each of its parts, from the database
    and the outbox (`MatchingCollections`)."""
