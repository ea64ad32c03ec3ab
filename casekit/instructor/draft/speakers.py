"""Who is quoted or paraphrased where: speech verbs, "according to", quotation marks, bylines and speaker labels.

A sentence with a speech verb ("said", "told", "noted", "reported") gets the
name next to the verb as its speaker: after it ("said Mara Quell") or as the
subject before it ("Quell, a chemist, said"). "According to X", "via X" and
"citing X" name X. An unnamed subject ("officials said") is a source of its
own. A quoted sentence without a verb of its own keeps the speaker of the
quotation before it, in its paragraph or the one before: a quote that runs on
into the next paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ...case.sentences import is_byline
from .actors import Actor, Mention
from .words import SPEECH_VERBS, TITLE_WORDS, UNNAMED_SOURCES

__all__ = ["Attribution", "Speaker", "find_speakers"]

_QUOTE = re.compile(r"[“”\"]|(?<!\w)‘|’(?!\w)")
_CUE = re.compile(
    r"\b(?:[Aa]ccording to|via|citing|(?:[Rr]emarks|[Ss]tatement|[Ii]nterview|[Ss]peech) (?:by|with)|"
    + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
    + r")\b"
)
_FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’ve|I've|my)\b")
_PRONOUN_BEFORE = re.compile(r"\b(he|she|they)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_PRONOUN_AFTER = re.compile(r"^\s+(he|she|they)\s*(?:[,.;:!?]|$)", re.IGNORECASE)
_LABEL = re.compile(r"^([A-Z][A-Za-z.’'& -]{0,40}?):\s")
_BOUNDARY = re.compile(r"\.(?=\s+[A-Z“\"])|[;:“”\"—(]")


@dataclass
class Attribution:
    """One sentence given to one speaker, and how: quoted, paraphrased, cited, byline, label or carried."""

    sentence_id: str
    how: str
    cue: str


@dataclass
class Speaker:
    """A source the text gives words to: an actor of the text, or an unnamed one ("officials")."""

    name: str
    actor: Actor | None = None
    named: bool = True
    attributions: list[Attribution] = field(default_factory=list)

    @property
    def sentence_ids(self) -> list[str]:
        """The sentences attributed to the speaker, in order, once each."""
        return list(dict.fromkeys(a.sentence_id for a in self.attributions))

    @property
    def quoted(self) -> bool:
        """Whether any of the speaker's sentences quotes the speaker's words."""
        return any(a.how in {"quoted", "carried"} for a in self.attributions)


def _mentions_by_sentence(actors: list[Actor]) -> dict[str, list[tuple[int, int, Actor]]]:
    out: dict[str, list[tuple[int, int, Actor]]] = {}
    for actor in actors:
        for m in actor.mentions:
            out.setdefault(m.sentence_id, []).append((m.start, m.end, actor))
    for items in out.values():
        items.sort(key=lambda x: x[0])
    return out


def _has_quote(text: str) -> bool:
    return bool(_QUOTE.search(text))


def _only_titles(gap: str) -> bool:
    """Whether the words between a cue and a name are titles only ("said Dr. Ada Brennan")."""
    words = gap.split()
    return 0 < len(words) <= 3 and len(gap) <= 30 and all(w.casefold() in TITLE_WORDS for w in words)


def _cued(text: str, mentions: list, quoted: bool, target: Actor | None, speaker_of) -> list[tuple[Speaker, str, str]]:
    """The speakers a sentence's cue words ("said", "according to" ...) hand its words to; ``target`` is who "he" or "she" is."""
    found: list[tuple[Speaker, str, str]] = []
    for cue in _CUE.finditer(text):
        word = cue.group(0).casefold()
        after = [m for m in mentions if 0 <= m[0] - cue.end() <= 4 or _only_titles(text[cue.end() : m[0]])]
        if word in {"according to", "via", "citing"} or word.endswith((" by", " with")):
            near = [m for m in mentions if 0 <= m[0] - cue.end() <= 12]
            if near:
                found.append((speaker_of(near[0][2]), "cited", cue.group(0)))
            continue
        if after and after[0][2].kind in {"person", "organisation", "name"}:
            found.append((speaker_of(after[0][2]), "quoted" if quoted else "paraphrased", cue.group(0)))
            continue
        before_text = text[: cue.start()]
        pronoun = _PRONOUN_BEFORE.search(before_text) or _PRONOUN_AFTER.match(text[cue.end() :])
        if pronoun:
            if target is not None:
                found.append((speaker_of(target), "quoted" if quoted else "paraphrased", cue.group(0)))
            continue
        unnamed = re.search(r"\b(" + "|".join(UNNAMED_SOURCES) + r")\s+(?:\w+\s+){0,1}$", before_text, re.IGNORECASE)
        if unnamed and not any(m[1] > unnamed.start() for m in mentions if m[0] < cue.start()):
            noun = unnamed.group(1).casefold()
            found.append((speaker_of(None, f"unnamed {noun}", named=False), "paraphrased" if not quoted else "quoted", cue.group(0)))
            continue
        subject = _subject(before_text, mentions)
        if subject is not None:
            found.append((speaker_of(subject), "quoted" if quoted else "paraphrased", cue.group(0)))
    return found


def find_speakers(sentences: pd.DataFrame, actors: list[Actor]) -> list[Speaker]:
    """The speakers of the sentences, each with the sentences attributed to it and how.

    >>> from casekit.instructor.draft.actors import find_actors
    >>> s = pd.DataFrame({"sentence_id": ["S01", "S02"], "paragraph": [1, 2],
    ...                   "text": ["“It works,” said Mara Quell.", "“We tested it twice.”"]})
    >>> [(sp.name, [(a.sentence_id, a.how) for a in sp.attributions]) for sp in find_speakers(s, find_actors(s))]
    [('Mara Quell', [('S01', 'quoted'), ('S02', 'carried')])]
    """
    by_sentence = _mentions_by_sentence(actors)
    speakers: dict[int | str, Speaker] = {}
    last_quoted: tuple[Speaker, int] | None = None
    last_person: Actor | None = None
    paragraphs = sentences["paragraph"] if "paragraph" in sentences else range(1, len(sentences) + 1)
    parts = sentences["part"] if "part" in sentences else [""] * len(sentences)
    previous_paragraph = None
    label_speaker: Speaker | None = None
    for sid, paragraph, part, text in zip(sentences["sentence_id"], paragraphs, parts, sentences["text"]):
        sid, text, paragraph = str(sid), str(text), int(paragraph)
        mentions = by_sentence.get(sid, [])
        found: list[tuple[Speaker, str, str]] = []

        def speaker_of(actor: Actor | None, name: str = "", named: bool = True) -> Speaker:
            key = id(actor) if actor is not None else f"unnamed:{name}"
            if key not in speakers:
                speakers[key] = Speaker(actor.name if actor else name, actor, named)
            return speakers[key]

        if (part == "byline" or is_byline(text)) and mentions:
            found.append((speaker_of(mentions[0][2]), "byline", "By"))
        label = _LABEL.match(text) if paragraph != previous_paragraph else None
        if label:
            actor = _label_actor(label.group(1), actors, mentions)
            if actor is not None:
                found.append((speaker_of(actor), "label", label.group(1)))
                if label.group(1) not in actor.aliases:
                    actor.add(Mention(sid, 0, len(label.group(1)), label.group(1), label.group(1), kind=actor.kind))
                if part != "headline":
                    label_speaker = speaker_of(actor)  # a transcript: the labelled speaker holds the floor
        elif label_speaker is not None and _FIRST_PERSON.search(text) and not _has_quote(text):
            found.append((label_speaker, "label", "first person"))
        quoted = _has_quote(text)
        target = last_quoted[0].actor if last_quoted and last_quoted[0].actor else last_person
        found += _cued(text, mentions, quoted, target, speaker_of)
        if not found and quoted and last_quoted and last_quoted[1] >= paragraph - 1:
            found.append((last_quoted[0], "carried", "quotation"))
        for speaker, how, cue_text in found:
            if sid not in speaker.sentence_ids:
                speaker.attributions.append(Attribution(sid, how, cue_text))
            if how in {"quoted", "carried"}:
                last_quoted = (speaker, paragraph)
        people = [m[2] for m in mentions if m[2].kind == "person"]
        if people:
            last_person = people[-1]
        previous_paragraph = paragraph
    return [s for s in speakers.values() if s.attributions]


def _subject(before: str, mentions: list[tuple[int, int, Actor]]) -> Actor | None:
    """The speaker named before a verb, in the same clause: the first person there, else the nearest name."""
    cut = max((m.end() for m in _BOUNDARY.finditer(before)), default=0)
    comma = before.rfind(", ")
    if comma > cut and any(m[0] > comma and m[1] <= len(before) for m in mentions):
        cut = comma  # "..., the Herald reports": the name after the last comma
    inside = [m for m in mentions if m[0] >= cut and m[1] <= len(before)]
    if not inside:
        return None
    people = [m for m in inside if m[2].kind == "person"]
    return people[0][2] if people else inside[-1][2]


def _label_actor(label: str, actors: list[Actor], mentions: list[tuple[int, int, Actor]]) -> Actor | None:
    """The actor a speaker label ("WSJ:", "THE PRESIDENT:", "Quell:") names: by alias, else by title."""
    folded = label.casefold().removeprefix("the ").strip()
    for actor in actors:
        if any(a.casefold() == label.casefold() or a.casefold() == folded for a in actor.aliases):
            return actor
    if folded in TITLE_WORDS:
        titled = [a for a in actors if any(t.casefold() == folded for t in a.titles)]
        if titled:
            return max(titled, key=lambda a: len(a.mentions))
    starting = [m for m in mentions if m[0] == 0]
    return starting[0][2] if starting else None
