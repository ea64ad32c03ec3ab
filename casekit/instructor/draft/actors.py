"""Actors proposed from a text: the names it uses, grouped into one actor each with its aliases and a likely kind.

A rule-based reading that needs no model: capitalised word sequences (with
joiners such as "al-", "bin", "of", "de"), a title before a name ("President",
"Minister"), organisation cues ("Ministry", "Forces", "Inc", "the ... Group"),
known countries and demonym groups ("Flemish groups"). Aliases are linked by
surname, by acronym ("WHO" for "World Health Organization") and by "the X"
("the company"). Where an English spaCy pipeline is installed, its named
entities are added; none is ever downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ...common.folding import fold
from .words import (
    COUNTRIES,
    EXPERT_WORDS,
    GROUP_NOUNS,
    JOINERS,
    JOURNALIST_WORDS,
    MONTHS,
    NOT_NAMES,
    ORG_FIRST,
    ORG_LAST,
    OUTLET_NAMES,
    PARTICLES,
    TITLE_WORDS,
    TITLES,
    WEEKDAYS,
)
from .words import (
    split_words as _split,
)

__all__ = ["Actor", "Mention", "find_actors", "find_mentions"]

_TOKEN = re.compile(r"[^\W\d_][\wʼ’'.&-]*|\d[\w]*", re.UNICODE)
_LOCATIVE = frozenset(_split("in at from to near into across toward towards outside inside around throughout"))
_POSSESSIVE = re.compile(r"(?:[’'](?:s|re|ll|ve|d|m)|[’'])$")
_ADJECTIVE_SUFFIX = re.compile(r"[-‑](?:backed|led|based|born|owned|run|made|funded|linked|allied|controlled|style|era)$")
_PLACE_WORDS = frozenset(
    _split(
        "East West North South Garden Square Street River Sea Ocean Gulf Valley Mountains Mountain Island Islands Coast Bay Lake Park "
        "Avenue Road Bridge Hall Room City County Province Region Strip Heights Plain Desert Peninsula Airport Port Station"
    )
)
_PLACE_FIRST = frozenset(_split("Lake Mount Mt. Cape Fort Isle"))  # first in a place's name: "Lake Orrin"
_DEMONYM_ALONE = re.compile(r"[A-Z][a-z]+(?:an|ian|ese|ish|ic|ch)s?$|[A-Z][a-z]+is$")
_THE_X = re.compile(
    r"\b[Tt]he (company|firm|group|ministry|agency|institute|university|bank|council|party|army|court|commission|committee|"
    r"department|government|organisation|organization|alliance|lab|laboratory|startup|newspaper|paper)\b"
)
_DEMONYM = re.compile(r"\b([A-Z][a-z]+(?:an|ian|ese|ish|i|ic|ch))\s+(" + "|".join(GROUP_NOUNS) + r")\b")
_SPACY_MODELS = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")


@dataclass
class Mention:
    """One name as it stands in a sentence."""

    sentence_id: str
    start: int
    end: int
    text: str  # the name without a title or a possessive ending
    surface: str  # as written, with its title
    title: str = ""
    kind: str = ""  # person, country, organisation, group, place, acronym or ""
    org_kind: str = ""  # for an organisation: government, armed_force, company, research, outlet, group ...
    context: str = ""  # the lower-case words just before the name
    after: str = ""  # the words just after it
    key: str = ""  # what makes two mentions one actor, when not the name's words ("rebels" for "armed rebels")


@dataclass
class Actor:
    """An actor proposed from the text: a name, its aliases, the sentences that name it and a likely kind."""

    name: str
    kind: str
    org_kind: str = ""
    aliases: list[str] = field(default_factory=list)
    sentence_ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def add(self, mention: Mention) -> None:
        """Count ``mention`` as naming this actor."""
        self.mentions.append(mention)
        for alias in (mention.text, mention.surface):
            if alias and alias not in self.aliases:
                self.aliases.append(alias)
        if mention.sentence_id not in self.sentence_ids:
            self.sentence_ids.append(mention.sentence_id)
        if mention.title and mention.title not in self.titles:
            self.titles.append(mention.title)
        if mention.context or mention.after:
            self.context.append(f"{mention.context} {mention.after}".strip())


def _is_cap(token: str) -> bool:
    core = re.sub(r"^(?:al|el|ad|as|an)[-‑]", "", token)
    return bool(core) and core[0].isupper()


def _is_acronym(token: str) -> bool:
    plain = token.replace(".", "").replace("&", "")
    return 2 <= len(plain) <= 6 and plain.isalpha() and plain.isupper()


def _clean(token: str) -> str:
    """A token without a sentence's full stop (kept on an initial, an abbreviation or a dotted acronym)."""
    if token.endswith(".") and token.count(".") == 1 and len(token) > 3 and token not in ORG_LAST and token not in TITLES:
        return token[:-1]
    return token


def _lower_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[a-z][a-z’'-]+\b", text)}


def find_mentions(sentences: pd.DataFrame) -> list[Mention]:
    """Every capitalised name in the sentences, with its title, possessive and kind worked out; in reading order."""
    lower = set()
    for text in sentences["text"]:
        lower |= _lower_words(str(text))
    mentions = []
    for sid, part, text in zip(sentences["sentence_id"], sentences.get("part", [""] * len(sentences)), sentences["text"]):
        mentions += _sentence_mentions(str(sid), str(part), str(text), lower)
    return mentions


def _sentence_mentions(sid: str, part: str, text: str, lower: set[str]) -> list[Mention]:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    found, i = [], 0
    while i < len(tokens):
        start, _, tok = tokens[i]
        tok = _clean(tok)
        first = (
            i == 0
            or text[tokens[i - 1][1] : start].strip(" ") in {"“", '"', "‘", "(", "—", ":", "“‘"}
            or text[:start].rstrip().endswith(":")
        )
        plain_tok = _POSSESSIVE.sub("", tok).casefold()
        if not _is_cap(tok) or tok[0].isdigit() or (plain_tok in NOT_NAMES and not (not first and tok == "The")):
            i += 1
            continue
        if first and tok.casefold() in lower and tok not in TITLES and not _is_acronym(tok):
            i += 1
            continue
        j = i
        words: list[tuple[int, str]] = []
        while j < len(tokens):
            word = _clean(tokens[j][2])
            base = _ADJECTIVE_SUFFIX.sub("", _POSSESSIVE.sub("", word))
            if (
                _is_cap(word)
                and not word[0].isdigit()
                and (base.casefold() not in NOT_NAMES or (word == "The" and not words and not first))
            ):
                words.append((j, base))
                j += 1
                if base != word or tokens[j - 1][2].endswith(("’s", "'s", ",")) or word != tokens[j - 1][2]:
                    break  # a possessive or a stop ends the name
                if j < len(tokens) and text[tokens[j - 1][1] : tokens[j][0]] != " ":
                    break  # punctuation between words ends the name
                continue
            joiner = word.casefold() in JOINERS or word == "and"
            if words and joiner and j + 1 < len(tokens) and _is_cap(_clean(tokens[j + 1][2])):
                words.append((j, word))
                j += 1
                continue
            break
        while words and (words[-1][1].casefold() in JOINERS or words[-1][1] == "and"):
            words.pop()
        if not words:
            i += 1
            continue
        for group in _split_at_and(words):
            found += _mention_of(sid, part, text, tokens, group)
        i = max(j, i + 1)
    groups = _demonym_groups(sid, text) + _group_nouns(sid, text)
    found = [m for m in found if not any(g.start <= m.start < g.end for g in groups)]
    return sorted(found + groups + _led_groups(sid, text), key=lambda m: m.start)


def _split_at_and(words: list) -> list[list]:
    """One name ("Securities and Exchange Commission": it ends in an organisation word) or two ("Lyon and Nantes")."""
    if not any(w == "and" for _, w in words) or words[-1][1] in ORG_LAST:
        return [words]
    groups: list = []
    current: list = []
    for item in words:
        if item[1] == "and":
            groups.append(current)
            current = []
        else:
            current.append(item)
    return [g for g in [*groups, current] if g]


def _mention_of(sid: str, part: str, text: str, tokens: list, words: list) -> list[Mention]:
    title_words = []
    while len(words) > 1 and (words[0][1] in TITLES or (words[0][1] == "The" and words[1][1] in TITLES)):
        title_words.append(words.pop(0)[1])
    while words and (words[0][1] in MONTHS or words[0][1] in WEEKDAYS):
        words.pop(0)
    if not words or all(w[1] in MONTHS or w[1] in WEEKDAYS or w[1].casefold() in TITLE_WORDS for w in words):
        return []
    start, end = tokens[words[0][0]][0], tokens[words[-1][0]][0] + len(words[-1][1])
    name = text[start:end]
    surface = text[tokens[words[0][0] - len(title_words)][0] : end] if title_words else name
    before = text[max(0, start - 60) : start if not title_words else tokens[words[0][0] - len(title_words)][0]]
    context = " ".join(w.casefold() for w in re.findall(r"\b[A-Za-z]+\b", before)[-4:])
    after = " ".join(re.findall(r"\b[a-z]+\b", text[end : end + 50])[:5])
    mention = Mention(sid, start, end, name, surface, " ".join(title_words), context=context, after=after)
    _kind(mention, [w for _, w in words], before, part)
    return [mention] if mention.kind else []


def _kind(m: Mention, words: list[str], before: str, part: str) -> None:
    """Whether the name is a country, an organisation (and which kind), a person, a place, a group or a bare name."""
    last, first = words[-1], words[0]
    plain = m.text.removeprefix("The ")
    if plain in COUNTRIES or m.text in COUNTRIES:
        m.kind = "country"
    elif len(words) == 1 and _is_acronym(first):
        m.kind, m.org_kind = "acronym", "outlet" if first.casefold() in OUTLET_NAMES else ""
    elif last.rstrip(".") in ORG_LAST or last in ORG_LAST or first in ORG_FIRST or m.text.casefold() in OUTLET_NAMES or "." in m.text[1:-1]:
        m.kind = "organisation"
        m.org_kind = ORG_LAST.get(last, ORG_LAST.get(last.rstrip("."), ORG_FIRST.get(first, "outlet" if "." in m.text[1:-1] else "")))
        if m.text.casefold() in OUTLET_NAMES:
            m.org_kind = "outlet"
    elif m.title:
        m.kind = "person"
    elif (last in _PLACE_WORDS or (first in _PLACE_FIRST and len(words) > 1)) and not m.title:
        m.kind = "place"
    elif len(words) == 1 and _DEMONYM_ALONE.fullmatch(first) and not m.title:
        m.kind = "group" if first.endswith("s") else ""
        m.org_kind = "civilians"
    elif len([w for w in words if w.casefold() not in PARTICLES]) >= 2 and all(
        w[0].isupper() or "-" in w for w in words if w.casefold() not in JOINERS
    ):
        m.kind = "person"
    elif len(words) == 1:
        previous = re.findall(r"\b[a-z]+\b", before)[-1:] or [""]
        m.kind = "place" if previous[0] in _LOCATIVE else "name"
    else:
        m.kind = "name"
    if part == "headline" and m.kind in {"name", "person"} and not m.title:
        m.kind = "headline-" + m.kind  # a headline capitalises every word: kept only if the body names it too


def _demonym_groups(sid: str, text: str) -> list[Mention]:
    out = []
    for match in _DEMONYM.finditer(text):
        adjective, noun = match.group(1), match.group(2)
        if adjective in COUNTRIES or adjective in MONTHS or adjective in WEEKDAYS:
            continue
        group = GROUP_NOUNS[noun]
        m = Mention(sid, match.start(), match.end(), match.group(0), match.group(0), kind="group", org_kind=group)
        out.append(m)
    return out


_GROUP_NOUN = re.compile(
    r"\b(?:(armed|rival|local|foreign|other|competing|innocent|opposition|rebel|government|pro-government) )?"
    r"(rebels|militias|militants|insurgents|fighters|troops|residents|civilians|protesters|refugees|factions|forces)\b"
)
_GROUP_KIND = {
    **dict.fromkeys(_split("rebels militias militants insurgents fighters factions"), "armed_group"),
    **dict.fromkeys(_split("residents civilians protesters refugees"), "civilians"),
    "troops": "armed_force",
}


def _group_nouns(sid: str, text: str) -> list[Mention]:
    """Groups named by a plural noun ("armed rebels", "residents", "rebel forces"): one actor per noun."""
    out = []
    for match in _GROUP_NOUN.finditer(text):
        adjective, noun = match.group(1), match.group(2)
        if noun == "forces":
            if adjective not in {"rebel", "opposition", "government", "pro-government"}:
                continue
            name, kind = match.group(0), "armed_force" if "government" in adjective else "armed_group"
        else:
            name, kind = noun, _GROUP_KIND[noun]
        out.append(Mention(sid, match.start(), match.end(), name, match.group(0), kind="group", org_kind=kind, key=f"group:{name}"))
    return out


_LED = re.compile(r"\b(?:[Tt]he )?([A-Z][\w-]+)(?:[’']s)? (regime|government|administration|military|army)\b")


def _led_groups(sid: str, text: str) -> list[Mention]:
    """A government or army named through its leader or country ("the Quell administration", "Norland's army")."""
    out = []
    for match in _LED.finditer(text):
        name = match.group(1)
        if name.casefold() in NOT_NAMES or _DEMONYM.match(match.group(0)) or name in MONTHS or name in WEEKDAYS:
            continue
        military = match.group(2) in {"military", "army"}
        phrase = match.group(0)
        short = phrase[4:] if phrase.startswith(("the ", "The ")) else phrase
        key = f"led:{fold(name)}:{'military' if military else 'government'}"
        kind = "armed_force" if military else "government"
        out.append(Mention(sid, match.start(), match.end(), short, phrase, kind="group", org_kind=kind, key=key))
    return out


def _spacy_mentions(sentences: pd.DataFrame) -> list[Mention]:
    """Named entities from an installed English spaCy pipeline (none when spaCy or a pipeline is missing)."""
    try:
        import spacy  # type: ignore[import-not-found]  # optional: used only when an English pipeline is installed
    except ImportError:
        return []
    model = next((name for name in _SPACY_MODELS if spacy.util.is_package(name)), None)
    if model is None:
        return []
    nlp = spacy.load(model, disable=["lemmatizer"])
    label_types = {"PERSON": "person", "ORG": "organisation", "GPE": "country", "NORP": "group", "LOC": "place"}
    out = []
    for sid, doc in zip(sentences["sentence_id"], nlp.pipe(sentences["text"].astype(str))):
        for ent in doc.ents:
            if ent.label_ in label_types:
                shift = 4 if ent.text.startswith(("the ", "The ")) else 0
                text = _POSSESSIVE.sub("", ent.text[shift:])
                start = ent.start_char + shift
                out.append(Mention(str(sid), start, start + len(text), text, text, kind=label_types[ent.label_]))
    return out


def _key_words(name: str) -> list[str]:
    """A name's words for matching: no particles, no 'al-' prefixes, folded."""
    words = [re.sub(r"^(?:al|el|ad|as|an)[-‑]", "", w).casefold() for w in re.split(r"[\s]+", name)]
    return [w for w in words if w and w not in PARTICLES and w != "the"]


def _initials(name: str) -> str:
    parts = re.split(r"[\s-]+", name.removeprefix("The "))
    return "".join(p[0] for p in parts if p and p[0].isupper())


def find_actors(sentences: pd.DataFrame) -> list[Actor]:
    """The actors the sentences name, each once, with aliases, the sentences that name them and a likely kind.

    >>> s = pd.DataFrame({"sentence_id": ["S01", "S02"], "text": ["Dr. Mara Quell of the Orbis Institute spoke.", "Quell said it works."]})
    >>> [(a.name, a.kind, a.aliases, a.sentence_ids) for a in find_actors(s)]
    [('Mara Quell', 'person', ['Mara Quell', 'Dr. Mara Quell', 'Quell'], ['S01', 'S02']), ('Orbis Institute', 'organisation', ['Orbis Institute'], ['S01'])]
    """
    mentions = find_mentions(sentences)
    known = {(m.sentence_id, m.start) for m in mentions}
    mentions += [m for m in _spacy_mentions(sentences) if (m.sentence_id, m.start) not in known]
    order = [str(s) for s in sentences["sentence_id"]]
    mentions.sort(key=lambda m: (order.index(m.sentence_id), m.start))
    actors: list[Actor] = []
    by_key: dict[str, Actor] = {}

    def new(m: Mention, kind: str) -> Actor:
        actor = Actor(m.text, kind, m.org_kind)
        actor.add(m)
        actors.append(actor)
        by_key[m.key or " ".join(_key_words(m.text))] = actor
        return actor

    # Full names first: people with two or more words, organisations, countries, groups.
    later = []
    for m in mentions:
        key = m.key or " ".join(_key_words(m.text))
        if key in by_key:
            by_key[key].add(m)
        elif m.kind in {"person", "organisation", "country", "group"} and (m.kind != "person" or len(_key_words(m.text)) >= 2):
            new(m, m.kind)
        else:
            later.append(m)
    # Then short forms: a surname, an acronym, a single word; else an actor of its own.
    for m in later:
        target = by_key.get(" ".join(_key_words(m.text))) or _link(m, actors)
        if target is not None:
            target.add(m)
        elif m.kind.startswith("headline-"):
            continue
        elif m.kind in {"acronym", "name", "place", "person"}:
            new(m, {"acronym": "organisation", "name": "name", "place": "place", "person": "person"}[m.kind])
    for actor in actors:
        _settle_kind(actor)
    _link_the_x(sentences, actors)
    for actor in actors:
        actor.sentence_ids.sort(key=order.index)
        words = actor.name.split()
        if actor.kind == "person" and len(words) >= 2 and words[-1] not in actor.aliases:
            actor.aliases.append(words[-1])  # the surname, as a later sentence would name the person
    return actors


def _link(m: Mention, actors: list[Actor]) -> Actor | None:
    words = _key_words(m.text)
    if m.kind == "acronym" or _is_acronym(m.text):
        plain = m.text.replace(".", "")
        hits = [a for a in actors if _initials(a.name).upper() == plain and len(a.name) > len(m.text)]
        for hit in hits:
            if hit.kind == "person":  # a name with an acronym is an organisation's
                hit.kind = "organisation"
        return hits[0] if hits else None
    if len(words) == 1:
        people = [a for a in actors if a.kind == "person" and words[0] in _key_words(a.name)]
        if people:
            return max(people, key=lambda a: len(a.mentions))
        orgs = [
            a for a in actors if a.kind == "organisation" and words[0] == (_key_words(a.name) or [""])[0] and len(_key_words(a.name)) > 1
        ]
        return orgs[0] if len(orgs) == 1 else None
    if words:
        people = [a for a in actors if a.kind == "person" and set(words) <= set(_key_words(a.name))]
        return people[0] if people else None
    return None


def _settle_kind(actor: Actor) -> None:
    """A single name that a title, a role word or a speech verb marks as a person becomes a person."""
    context = " ".join(actor.context).split()
    if actor.kind == "name" and (actor.titles or set(context) & (EXPERT_WORDS | JOURNALIST_WORDS)):
        actor.kind = "person"
    if actor.kind == "name" and any(m.kind == "place" for m in actor.mentions):
        actor.kind = "place"


def _link_the_x(sentences: pd.DataFrame, actors: list[Actor]) -> None:
    """'the company', 'the Agency': an alias of the nearest organisation before it whose name or kind fits."""
    order = list(sentences["sentence_id"])
    for sid, text in zip(sentences["sentence_id"], sentences["text"]):
        for match in _THE_X.finditer(str(text)):
            noun = match.group(1).casefold()
            here = (order.index(sid), match.start())
            candidates = []
            for actor in actors:
                if actor.kind != "organisation":
                    continue
                fits = noun in actor.name.casefold() or (noun in {"company", "firm", "startup"} and actor.org_kind == "company")
                fits = fits or (noun in {"newspaper", "paper"} and actor.org_kind == "outlet")
                seen = [(order.index(m.sentence_id), m.start) for m in actor.mentions if (order.index(m.sentence_id), m.start) < here]
                if fits and seen:
                    candidates.append((max(seen), actor))
            if candidates:
                actor = max(candidates, key=lambda c: c[0])[1]
                actor.add(Mention(str(sid), match.start(), match.end(), match.group(0), match.group(0), kind="organisation"))
