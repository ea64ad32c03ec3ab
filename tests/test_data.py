"""The case data: the article kept byte for byte, and every row pointing to its evidence."""

import re
from pathlib import Path

import pytest

from casekit.case import load_case, split_ids

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="module")
def case():
    return load_case(ROOT / "data" / "assad-fall-2024")


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside this checkout")
def test_article_is_the_seed_byte_for_byte():
    assert (ROOT / "data" / "assad-fall-2024" / "article.txt").read_bytes() == SEED.read_bytes()


def test_article_keeps_curly_quotes_and_modifier_apostrophe(case):
    assert "Hay\u02bcat" in case.article
    assert "\u201cBoth Russia" in case.article


def test_sentences_rebuild_the_article_exactly(case):
    paragraphs = case.sentences.groupby("paragraph", sort=True)["text"].agg(" ".join)
    assert "\n".join(paragraphs) == case.article


def test_article_metadata_records_the_undated_publication(case):
    art = case.meta["article"]
    assert art["dateline"] == ""
    assert art["publisher"] and art["byline"] and art["re_reports"]
    assert art["published"] and art["published_basis"]


def test_checkable_claims_have_a_verdict_and_others_none(case):
    claims = case.claims
    assert claims.loc[claims["checkable"], "verdict"].notna().all()
    assert claims.loc[~claims["checkable"], "verdict"].isna().all()


def test_claim_excerpts_are_quoted_from_their_sentence(case):
    text = case.sentences.set_index("sentence_id")["text"]
    for row in case.claims.itertuples():
        assert row.excerpt in text[row.sentence_id], row.claim_id


def test_actor_aliases_occur_in_their_sentences(case):
    text = case.sentences.set_index("sentence_id")["text"]
    for row in case.actors.itertuples():
        cited = " ".join(text[s] for s in split_ids(row.sentence_ids))
        assert any(alias in cited for alias in split_ids(row.aliases)), row.actor_id


def test_in_article_events_cite_a_sentence_and_context_events_a_reference(case):
    events = case.events
    assert events.loc[events["kind"] == "in-article", "sentence_id"].notna().all()
    assert events.loc[events["kind"] == "context", "ref_ids"].notna().all()


def test_source_cards_cover_every_named_source(case):
    named = set(case.sources.loc[case.sources["named"], "source_id"])
    assert named <= set(case.source_cards["source_id"])


# ---------------------------------------------------------------- references: what each one is

REF_ID = re.compile(r"\bR\d{2}\b")
# Kinds that re-publish someone else's text: each must name the original it copies.
COPY_KINDS = {"wire copy", "syndicated copy", "excerpt", "document copy", "encyclopedia copy"}


def _original(case):
    """ref_id -> the original it re-publishes (a ref_id of the table, or the original's name), or None."""
    refs = case.references.set_index("ref_id")
    known = set(refs.index)
    out = {}
    for rid, value in refs["original"].items():
        if not isinstance(value, str) or not value.strip() or value.strip().lower().startswith("not named"):
            out[rid] = None
        elif value.strip() in known:
            out[rid] = value.strip()
        else:
            out[rid] = " ".join(value.lower().split())
    return out


def _root(rid, original):
    """The source a reference finally rests on: follow 'original' through the table."""
    seen = set()
    while original.get(rid) is not None and rid not in seen:
        seen.add(rid)
        rid = original[rid]
    return rid


def test_every_reference_says_what_kind_of_source_it_is(case):
    refs = case.references
    assert refs["kind"].notna().all(), refs.loc[refs["kind"].isna(), "ref_id"].tolist()


def test_copies_name_the_original_they_republish(case):
    refs = case.references
    copies = refs[refs["kind"].isin(COPY_KINDS)]
    unnamed = copies.loc[copies["original"].isna(), "ref_id"].tolist()
    assert unnamed == [], f"copies that do not name their original: {unnamed}"
    ids = set(refs["ref_id"])
    for row in refs.dropna(subset=["original"]).itertuples():
        if REF_ID.fullmatch(row.original.strip()):
            assert row.original.strip() in ids and row.original.strip() != row.ref_id, row.ref_id


def _independence_problems(group, ids, original):
    """Pairs of references in one group that rest on the same original."""
    by_root = {}
    for rid in ids:
        by_root.setdefault(_root(rid, original), []).append(rid)
    return [f"{group}: {', '.join(same)} are copies of one source ({root})" for root, same in by_root.items() if len(same) > 1]


def test_references_counted_together_never_share_an_original(case):
    """A copy is not a confirmation: a claim, card, event or corroboration score never counts one story twice."""
    original = _original(case)
    problems = []
    for row in case.claims.itertuples():
        problems += _independence_problems(f"claims {row.claim_id}", split_ids(row.ref_ids), original)
    for i, row in enumerate(case.source_cards.itertuples(), start=2):
        problems += _independence_problems(f"source_cards row {i} ({row.source_id})", split_ids(row.ref_ids), original)
    for row in case.events.itertuples():
        problems += _independence_problems(f"events {row.event_id}", split_ids(row.ref_ids), original)
    scores = case.rubric_scores
    for row in scores[scores["criterion_id"] == "corroboration"].itertuples():
        problems += _independence_problems(
            f"rubric_scores {row.source_id}/corroboration", sorted(set(REF_ID.findall(row.reason))), original
        )
    assert problems == []


def test_the_independence_rule_catches_a_copy_counted_twice(case):
    original = _original(case)
    copies = [rid for rid, orig in original.items() if orig is not None]
    by_root = {}
    for rid in copies:
        by_root.setdefault(_root(rid, original), []).append(rid)
    twins = next(ids for ids in by_root.values() if len(ids) > 1)  # R27 and R28 re-publish one AFP story
    assert _independence_problems("example", twins, original)


def test_every_verdict_names_the_references_it_rests_on(case):
    """A verdict cites its evidence: ref_ids is not empty and every id in it is named in the evidence text."""
    known = set(case.references["ref_id"])
    problems = []
    for row in case.claims.dropna(subset=["verdict"]).itertuples():
        rests_on = split_ids(row.ref_ids)
        named = set(REF_ID.findall(row.evidence or ""))
        if not rests_on:
            problems.append(f"{row.claim_id}: verdict '{row.verdict}' without ref_ids")
        missing = [rid for rid in rests_on if rid not in named]
        if missing:
            problems.append(f"{row.claim_id}: evidence does not name {', '.join(missing)}")
        unknown = sorted(named - known)
        if unknown:
            problems.append(f"{row.claim_id}: evidence names unknown {', '.join(unknown)}")
    assert problems == []
