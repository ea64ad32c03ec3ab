"""The loaded case: its metadata, the article, and one typed table per CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import CaseError
from .article import ArticleView

__all__ = ["Case"]


@dataclass
class Case:
    """A loaded case: its metadata, the article, and one typed DataFrame per table.

    Tables are reached as attributes (``case.events``) or by name (``case.tables["events"]``).
    """

    path: Path
    meta: dict
    article: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"the case has no table {name!r}; its tables are: {', '.join(tables)}.")

    def __dir__(self):
        return [*super().__dir__(), *self.tables]

    def full_view(self) -> Case:
        """The case with every column (checks and grading build their keys from it); a learner's view returns what it hides."""
        return self

    @property
    def id(self) -> str:
        """The case's short id (from case.toml)."""
        return self.meta["case"]["id"]

    def sentence(self, sentence_id: str) -> str:
        """The text of one sentence, by id (``case.sentence("S01")``)."""
        rows = self.tables["sentences"].set_index("sentence_id")["text"]
        if sentence_id not in rows.index:
            raise CaseError([f"there is no sentence {sentence_id!r}; ids run from {rows.index[0]} to {rows.index[-1]}."])
        return rows[sentence_id]

    def show_article(self, first: str | None = None, last: str | None = None) -> ArticleView:
        """The article paragraph by paragraph with sentence ids (HTML in JupyterLab, text elsewhere).

        ``first`` and ``last`` (sentence ids) show only that passage: ``case.show_article("S12", "S18")``.
        """
        art = self.meta.get("article", {})
        title = f"{art.get('publisher', '')}: {art.get('headline', '')}".strip(": ")
        rows = self.sentences
        if first or last:
            ids = list(rows["sentence_id"])
            for given in (first, last):
                if given and given not in ids:
                    raise CaseError([f"there is no sentence {given!r}; ids run from {ids[0]} to {ids[-1]}."])
            start = ids.index(first) if first else 0
            stop = ids.index(last) + 1 if last else len(ids)
            rows = rows.iloc[start:stop]
            title = f"{title} ({ids[start]} to {ids[stop - 1]})"
        return ArticleView(rows, title)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name} ({len(df)})" for name, df in self.tables.items())
        return f"<Case {self.id!r} from {self.path.name}/: {sizes}>"
