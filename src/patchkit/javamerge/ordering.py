"""Order the items of a three-way merge: the fork's order, with upstream's additions beside their neighbours."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def merge_order(base: Sequence[K], ours: Sequence[K], theirs: Sequence[K], keep: set[K]) -> list[K]:
    """Return the items of `keep` in merged order.

    Items keep the fork's order. An item only upstream has goes after the item
    it follows upstream, past any items the fork added there, so additions on
    both sides come out fork first, then upstream.
    """
    base_items = set(base)
    their_items = set(theirs)
    result = [item for item in ours if item in keep]
    placed = set(result)
    for index, item in enumerate(theirs):
        if item not in keep or item in placed:
            continue
        position = 0
        for previous in reversed(theirs[:index]):
            if previous in placed:
                position = result.index(previous) + 1
                break
        while position < len(result) and result[position] not in base_items and result[position] not in their_items:
            position += 1
        result.insert(position, item)
        placed.add(item)
    return result
