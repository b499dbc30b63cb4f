"""Knowledge entries: words, phrases and rules record where they fire and can be held out."""

from __future__ import annotations

from restwright.infer import vocabulary as vocab
from restwright.infer.knowledge import (
    Phrases,
    Words,
    holding_out,
    recording,
    rule,
)


def test_words_record_what_matched_and_unions_keep_every_id() -> None:
    cursor = Words("C", ["cursor", "after"])
    next_ = Words("N", ["after", "next"])
    both = cursor | next_
    with recording() as fired:
        assert "after" in both and "next" in both and "nope" not in both
    assert fired == {"C:after", "N:after", "N:next"}
    assert sorted(both - {"after"}) == ["cursor", "next"]


def test_held_out_words_match_nothing_unless_another_id_backs_them() -> None:
    cursor = Words("C", ["cursor", "after"])
    both = cursor | Words("N", ["after"])
    with holding_out({"C:after"}):
        assert "after" not in cursor
        assert "after" in both  # still known from N
        assert list(cursor) == ["cursor"]
        assert cursor.within("x-next-cursor-header") == "cursor"
    assert "after" in cursor  # back on outside the block


def test_phrases_record_every_alternative_that_matches() -> None:
    text = Phrases("T", "page token", r"returned (by|from) the previous", "cursor")
    with recording() as fired:
        assert vocab.mentions("Token returned by the previous call", text)
        assert not vocab.mentions("", text)
        assert vocab.mentions("A cursor: the page token", text)
    assert fired == {"T:returned (by|from) the previous", "T:page token", "T:cursor"}
    with holding_out({"T:returned (by|from) the previous"}):
        assert not vocab.mentions("Token returned by the previous call", text)
        assert vocab.mentions("The page token", text)
    with holding_out(text.ids()):
        assert not vocab.mentions("The page token", text)


def test_rules_fire_unless_held_out() -> None:
    with recording() as fired:
        assert rule("map-records")
        with holding_out({"rule:map-records"}):
            assert not rule("map-records")
    assert fired == {"rule:map-records"}


def test_vocabulary_entries_are_all_named_by_group() -> None:
    ids = vocab.CURSOR_NAMES.ids() | vocab.CURSOR_TEXT.ids()
    assert "CURSOR_NAMES:pagetoken" in ids
    assert all(i.split(":", 1)[0] in ("CURSOR_NAMES", "CURSOR_TEXT") for i in ids)
