"""acm_migrate's pipeline: how a wave gathers the replacements that arrived, and how the
module's options split between the replacement and the swap."""

import queue
import threading

from ansible_collections.certshift.acm.plugins.module_utils._pipeline import migration_pipeline
from ansible_collections.certshift.acm.plugins.module_utils import waves


def collect(items, clock_value, until, later=()):
    arrived = queue.Queue()
    for item in items:
        arrived.put(item)
    for delay, item in later:
        threading.Timer(delay, arrived.put, (item,)).start()
    return waves.collect(arrived, until, clock=lambda: clock_value)


def test_a_due_wave_takes_what_is_queued_and_goes():
    assert collect(["a", "b", "c"], clock_value=100.0, until=50.0) == (["a", "b", "c"], False)


def test_a_due_wave_with_nothing_queued_waits_for_the_first_arrival():
    assert collect([], clock_value=100.0, until=50.0, later=[(0.2, "a")]) == (["a"], False)


def test_the_last_request_ends_the_wave_at_once():
    done = waves.DONE
    assert collect(["a", done, "never"], clock_value=0.0, until=10 ** 6) == (["a"], True)


def test_a_wave_not_yet_due_keeps_gathering_until_its_time():
    clock = {"now": 0.0}
    arrived = queue.Queue()
    arrived.put("a")
    def later():
        arrived.put("b")
        clock["now"] = 1.0  # the wave falls due
    threading.Timer(0.1, later).start()
    assert waves.collect(arrived, until=0.5, clock=lambda: clock["now"]) == (["a", "b"], False)


def test_options_split_between_the_replacement_and_the_swap():
    params = {"certificate_arns": ["x"], "dns_provider": "route53", "wait": True, "wait_timeout": 60,
              "delete_old": True, "consumer_types": ["elbv2"], "deployed_wait_timeout": 600, "wave_seconds": 5}
    assert migration_pipeline.dns_params(params) == {"certificate_arns": ["x"], "dns_provider": "route53",
                                                     "wait": True, "wait_timeout": 60}
    # one name per meaning: the CloudFront wait is deployed_wait_timeout in both modules, the issuance
    # wait (wait_timeout) is the replacement's
    assert migration_pipeline.swap_params(params) == {"delete_old": True, "consumer_types": ["elbv2"],
                                                      "deployed_wait_timeout": 600}


def test_about_four_waves_while_requesting_between_5_and_30_seconds():
    # RequestCertificate at 4.5/s: 90 requests take 20 s, 900 take 200 s
    assert waves.auto_wave_seconds(90) == 5.0
    assert waves.auto_wave_seconds(180) == 10.0
    assert waves.auto_wave_seconds(900) == 30.0
    assert waves.auto_wave_seconds(0) == 5.0


def test_the_forecast_follows_the_requests_pace_so_far():
    now = {"t": 0.0}
    forecast = waves.RequestForecast(100, clock=lambda: now["t"])
    for i in range(4):
        now["t"] = i * 0.2
        forecast.requested()
    assert forecast.end() is None  # too few requests to know the pace
    now["t"] = 0.8
    forecast.requested()
    # 5 requests in 0.8 s: 5 per second, 95 to go
    assert abs(forecast.end() - (0.8 + 95 / 5)) < 1e-9
    # a burst at the start does not count: the pace is that of the last RECENT requests
    for i in range(1, 31):
        now["t"] = 0.8 + i * 0.5
        forecast.requested()
    assert abs(forecast.end() - (15.8 + 65 / 2)) < 1e-9


def test_the_last_two_waves_hold_only_the_tail_of_the_requests():
    before_last, last = waves.TAIL_WAVES_SECONDS
    end = 23.0
    # the wave started at 16 s stops at the first tail cut, not at 21 s
    assert waves.wave_deadline(16.0, 5.0, end) == end - before_last - last
    # the next one, started there, stops at the second cut: the last wave holds `last` seconds
    assert waves.wave_deadline(end - before_last - last, 5.0, end) == end - last
    # far from the end, or pace unknown: the wave's own length
    assert waves.wave_deadline(5.0, 5.0, end) == 10.0
    assert waves.wave_deadline(19.0, 5.0, None) == 24.0
    # not cut into a sliver: a wave that would be shorter than SHORTEST_WAVE_SECONDS goes on to the next cut
    shortest = waves.SHORTEST_WAVE_SECONDS
    started = end - before_last - last - shortest / 2
    assert waves.wave_deadline(started, 5.0, end) == end - last
    assert waves.wave_deadline(21.0, 5.0, end) == 26.0
