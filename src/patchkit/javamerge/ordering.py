"""Order the items of a three-way merge: the fork's order, with upstream's additions beside their neighbours."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def merge_order(base: Sequence[K], ours: Sequence[K], theirs: Sequence[K], keep: set[K]) -> list[K]:
    """Return the items of `keep` in merged order.

    Items keep the fork's order. An item only upstream has goes just before the
    base item that follows it upstream, so when both sides added items in the
    same gap the fork's come first. When that following item is gone, it goes
    right after the item it follows upstream. At the end of the list it goes
    after the fork's additions there.
    """
    base_items = set(base)
    # Items a side deleted stay in its list at their base place while ordering,
    # so an item upstream wrote in place of a deleted one takes that place.
    result = _with_deleted(base, ours)
    their_items = _with_deleted(base, theirs)
    placed = set(result)
    for index, item in enumerate(their_items):
        if item not in placed:
            result.insert(_position(result, placed, base_items, their_items, index, set(theirs)), item)
            placed.add(item)
    return [item for item in result if item in keep]


def _with_deleted(base: Sequence[K], side: Sequence[K]) -> list[K]:
    items = list(side)
    present = set(side)
    for index, item in enumerate(base):
        if item in present:
            continue
        previous = next((p for p in reversed(base[:index]) if p in present), None)
        items.insert(items.index(previous) + 1 if previous is not None else 0, item)
        present.add(item)
    return items


def _position(
    result: list[K], placed: set[K], base_items: set[K], theirs: Sequence[K], index: int, kept: set[K]
) -> int:
    after = 0
    for previous in reversed(theirs[:index]):
        if previous in placed:
            after = result.index(previous) + 1
            break
    if index > 0 and theirs[index - 1] in base_items and theirs[index - 1] not in kept:
        return after
    following = next((item for item in theirs[index + 1:] if item in base_items), None)
    if following is None:
        return len(result) if after == len(result) or _only_additions(result[after:], base_items) else after
    if following in placed and result.index(following) >= after:
        return result.index(following)
    return after


def _only_additions(items: Sequence[K], base_items: set[K]) -> bool:
    return all(item not in base_items for item in items)
