# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When the waves of a pipelined migration start: every few seconds while requests (or in-place
starts) go out at their ACM quota, with the last two waves cut short at the forecast of the last
request, so little work is left after it. Shared by the replacement and in-place pipelines."""

from __future__ import annotations

import queue
import time

from .concurrency import ACM_RATE_QUOTAS, HEADROOM

WAVE_SECONDS_MIN, WAVE_SECONDS_MAX = 5.0, 30.0
WAVES_WHILE_REQUESTING = 4
# The requests' seconds held by the wave before the last and by the last: the last is the
# tail after the last request, and the one before it deletes (10/s, twice the request
# pace) during that tail. A wave shorter than SHORTEST_WAVE_SECONDS is not cut off.
TAIL_WAVES_SECONDS, SHORTEST_WAVE_SECONDS = (3.0, 1.5), 2.0
# Seconds before the forecast end at which the tail waves start, earliest first: 4.5, 1.5.
# Put on a pipeline's queue once the last item is in.
DONE = object()
_TAIL_CUTS = tuple(sum(TAIL_WAVES_SECONDS[i:]) for i in range(len(TAIL_WAVES_SECONDS)))


def auto_wave_seconds(requests, action="RequestCertificate"):
    """About WAVES_WHILE_REQUESTING waves while ``requests`` replacements are requested at the
    limiter's pace: the deletes start early and the last wave, the tail, stays small; no
    shorter than WAVE_SECONDS_MIN (each wave scans the consumers) nor longer than
    WAVE_SECONDS_MAX (the tail of a large fleet)."""
    requesting = requests / (ACM_RATE_QUOTAS[action] * HEADROOM)
    return min(WAVE_SECONDS_MAX, max(WAVE_SECONDS_MIN, requesting / WAVES_WHILE_REQUESTING))


class RequestForecast:
    """When the last of ``expected`` replacements will have been requested, from the recent
    pace. The requests' own pace, not their records': the records come in bursts once the
    old certificates' describes stop sharing DescribeCertificate's quota."""

    MIN_REQUESTS, RECENT = 5, 20

    def __init__(self, expected, clock=time.monotonic):
        self.expected = expected
        self.clock = clock
        self.times = []

    def requested(self, _plan=None):
        self.times.append(self.clock())  # list.append is atomic: called from the requesting threads

    def end(self):
        """The forecast time of the last request, or None while the pace is not known yet."""
        times = list(self.times)
        recent = times[-self.RECENT:]
        if len(recent) < self.MIN_REQUESTS or recent[-1] <= recent[0]:
            return None
        pace = (len(recent) - 1) / (recent[-1] - recent[0])
        return times[-1] + max(0, self.expected - len(times)) / pace


def wave_deadline(started, wave_seconds, forecast_end):
    """When the wave after one ``started`` stops collecting: ``wave_seconds`` later, or at the
    first tail cut (the last TAIL_WAVES_SECONDS before the forecast end) it reaches."""
    until = started + wave_seconds
    if forecast_end is not None:
        for before_end in _TAIL_CUTS:
            cut = forecast_end - before_end
            if started + SHORTEST_WAVE_SECONDS <= cut < until:
                return cut
    return until


def collect(arrived, until, clock=time.monotonic):
    """(items that arrived on queue ``arrived`` by ``until``, or up to the first one after it if none
    had, whether DONE came): one wave's worth of a pipeline's work."""
    got = []
    while True:
        left = until - clock()
        try:
            if left > 0:
                item = arrived.get(timeout=left)
            else:  # the wave is due: take what is queued, or wait for the next one
                item = arrived.get(block=not got)
        except queue.Empty:
            return got, False
        if item is DONE:
            return got, True
        got.append(item)
