"""The AIMD window: halve on a missing answer (once per burst), +1 per answer, between 1 and the ceiling."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns.aimd_window import AimdWindow


def fill(window):
    tokens = []
    while True:
        token = window.try_acquire()
        if token is None:
            return tokens
        tokens.append(token)


def test_starts_at_the_ceiling_and_admits_no_more():
    window = AimdWindow(4)
    assert len(fill(window)) == 4 and window.in_flight == 4
    assert window.try_acquire() is None


def test_a_missing_answer_halves_and_an_answer_adds_one():
    window = AimdWindow(8)
    token = window.acquire()
    window.missed(token)
    assert window.size == 4
    token = window.acquire()
    window.answered(token)
    assert window.size == 5
    assert len(fill(window)) == 5


def test_one_burst_of_losses_cuts_once():
    """16 queries sent together and all dropped: one cut (8), not four (down to 1)."""
    window = AimdWindow(16)
    burst = fill(window)
    for token in burst:
        window.missed(token)
    assert window.size == 8 and window.in_flight == 0
    # a query sent after that cut and lost again is a new loss: it cuts again
    window.missed(window.acquire())
    assert window.size == 4


def test_never_below_one_nor_above_the_ceiling():
    window = AimdWindow(3)
    for _ in range(6):
        window.missed(window.acquire())
    assert window.size == 1
    assert len(fill(window)) == 1  # still one query at a time, never none
    window.answered(0)
    for _ in range(10):
        window.answered(window.acquire())
    assert window.size == 3


def test_after_a_cut_the_queries_in_flight_drain_before_new_ones_go():
    window = AimdWindow(4)
    first, *others = fill(window)
    window.missed(first)  # size 2, three still in flight
    assert window.try_acquire() is None
    window.answered(others[0])  # size 3, two in flight: room for one
    assert window.try_acquire() is not None and window.try_acquire() is None


@pytest.mark.parametrize("ceiling", [0, -1])
def test_a_ceiling_below_one_is_refused(ceiling):
    with pytest.raises(ValueError):
        AimdWindow(ceiling)
