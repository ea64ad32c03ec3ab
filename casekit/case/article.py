"""The article shown paragraph by paragraph with sentence ids: HTML in JupyterLab, plain text elsewhere."""

from __future__ import annotations

import html

import pandas as pd

__all__ = ["ArticleView"]


class ArticleView:
    """The article paragraph by paragraph, each sentence led by its id."""

    def __init__(self, sentences: pd.DataFrame, title: str = ""):
        self.sentences = sentences
        self.title = title

    def _paragraphs(self):
        return self.sentences.groupby("paragraph", sort=True)

    def __repr__(self) -> str:
        lines = [self.title, ""] if self.title else []
        for _, para in self._paragraphs():
            lines.append(" ".join(f"[{sid}] {text}" for sid, text in zip(para["sentence_id"], para["text"])))
            lines.append("")
        return "\n".join(lines).rstrip()

    def _repr_html_(self) -> str:
        parts = [f"<div class='casekit-article' role='article' aria-label='{html.escape(self.title or 'Article')}'>"]
        for _, para in self._paragraphs():
            spans = " ".join(
                f"<span><strong style='font-family:monospace'>[{html.escape(sid)}]</strong> {html.escape(text)}</span>"
                for sid, text in zip(para["sentence_id"], para["text"])
            )
            parts.append(f"<p>{spans}</p>")
        parts.append("</div>")
        return "\n".join(parts)
