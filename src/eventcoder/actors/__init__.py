"""The actors stage: who is named in an article (countries, people, organizations, agents),
with dated roles and coreference within the article, plus the PETRARCH dictionary importer."""

from __future__ import annotations

from .kb import KnowledgeBase, build_kb, fold
from .lookup import Resolution
from .resolver import ActorResolver, DocActors
from .roles import pick_role

__all__ = ["ActorResolver", "DocActors", "KnowledgeBase", "Resolution", "build_kb", "fold", "pick_role"]
