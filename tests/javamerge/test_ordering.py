"""merge_order: the fork's order, upstream's additions next to their neighbours."""

from __future__ import annotations

from patchkit.javamerge.ordering import merge_order


def test_order_additions_same_gap() -> None:
    order = merge_order("ab", "axb", "ayb", set("axyb"))
    assert order == list("axyb")


def test_order_additions_at_end() -> None:
    assert merge_order("ab", "abx", "aby", set("abxy")) == list("abxy")


def test_order_replacement_takes_place() -> None:
    # Upstream replaced b by c; c goes where b was, before the fork's addition x.
    assert merge_order("ab", "abx", "ac", set("axc")) == list("acx")


def test_order_deleted_items_dropped() -> None:
    assert merge_order("abc", "ac", "abc", set("ac")) == list("ac")
