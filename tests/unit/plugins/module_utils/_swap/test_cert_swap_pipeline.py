"""acm_cert_swap deletes each old certificate as soon as its InUseBy has been read, so the
deletes (10/s) run alongside the background DescribeCertificate calls (10/s) rather than
after the last of them; an unknown consumer still holds its delete.

Overlap is shown by order, not by timing (CI runs on two busy cores): a call the test holds
until another has happened can only be released if the two really run side by side."""

import threading
import time

from ansible_collections.certshift.acm.plugins.module_utils._consumers import consumer_index
from ansible_collections.certshift.acm.plugins.module_utils._swap import cert_swap
from ansible_collections.certshift.acm.plugins.module_utils._swap.pair import Pair
from ansible_collections.certshift.acm.plugins.module_utils._swap.pair_resolution import ResolvedPairs
from ansible_collections.certshift.acm.plugins.module_utils._certificates.in_use_by import InUseByReader

from .. import fake_aws

ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/"
OLD_03 = f"{ARN}00000000-0000-4000-8000-000000000003"
UNKNOWN = "arn:aws:apprunner:eu-west-1:123456789012:service/x"


HOLD_SECONDS = 30  # only reached when the overlap is missing


class Acm:
    def __init__(self, hold_describe_of=None):
        self.log, self.lock = [], threading.Lock()
        self.deleted = threading.Event()
        self.hold_describe_of = hold_describe_of  # this DescribeCertificate waits for a delete first
        self.delete_came_first = None

    def _record(self, what, arn):
        with self.lock:
            self.log.append((what, arn, len(self.log)))

    def deletes(self, arns):
        with self.lock:
            return [arn for what, arn, _seq in self.log if what == "delete" and arn in arns]

    def describe_certificate(self, CertificateArn):
        if CertificateArn == self.hold_describe_of:
            self.delete_came_first = self.deleted.wait(HOLD_SECONDS)
        self._record("describe", CertificateArn)
        return {"Certificate": {"CertificateArn": CertificateArn,
                                "InUseBy": [UNKNOWN] if CertificateArn.endswith("000000000003") and "-4000-" in CertificateArn else []}}

    def delete_certificate(self, CertificateArn):
        self._record("delete", CertificateArn)
        self.deleted.set()

    def search_certificates(self, **_kwargs):
        return {"Results": []}  # nothing in use any more


class NoTags:
    """tag:GetResources for the consumers' owners: nothing is owned."""

    def get_resources(self, **kwargs):
        return {"ResourceTagMappingList": []}


class Clients:
    region = "eu-west-1"

    def __init__(self, acm):
        self._acm = fake_aws.client(acm, limited=True)

    def acm(self):
        return self._acm

    def get(self, service, region=None):
        assert service == "resourcegroupstaggingapi", service
        return fake_aws.client(NoTags(), service)


def test_deletes_start_while_in_use_by_is_still_being_read(monkeypatch):
    olds = [f"{ARN}00000000-0000-4000-8000-0000000000{i:02d}" for i in range(20)]
    acm = Acm(hold_describe_of=olds[-1])
    pairs = [Pair(old, old.replace("-4000-", "-4001-")) for old in olds]
    details = {**{old: {"CertificateArn": old, "Status": "ISSUED"} for old in olds},
               **{p.new: {"CertificateArn": p.new, "Tags": {"certshift:replaces": p.old}} for p in pairs}}
    monkeypatch.setattr(consumer_index, "build", lambda *a, **k: consumer_index.ConsumerIndex([], "eu-west-1"))
    swap = cert_swap.CertSwap(Clients(acm), {"certificate_arns": olds, "delete_old": True})
    index = consumer_index.ConsumerIndex([], "eu-west-1")

    def judge(pair, listed=None):
        listed = reader.of(pair.old) if listed is None else listed
        unknown = index.unknown_consumers(pair.old, listed)
        return unknown, cert_swap.hold_reason(pair, details[pair.new]["Tags"], [], unknown)

    with InUseByReader(swap.acm, olds) as reader:
        retired = swap.retirement.retire(pairs, index, judge, set())
    deleted, unknown, holds = retired.deleted, retired.unknown, retired.holds
    assert retired.failures == []

    describes = [seq for what, _arn, seq in acm.log if what == "describe"]
    deletes = [seq for what, _arn, seq in acm.log if what == "delete"]
    assert len(describes) == 20 and len(deletes) == 19
    # pipelined, not one phase after the other: the last InUseBy read waited for a delete, and got one
    # (in turn, no delete could come before the last read)
    assert acm.delete_came_first is True
    assert min(deletes) < max(describes)
    assert deleted[OLD_03] is False and unknown[OLD_03] == [UNKNOWN]
    assert "cannot see or switch" in holds[OLD_03]
    assert all(deleted[old] for old in olds if not old == OLD_03)


def test_old_certificates_with_nothing_to_switch_are_deleted_while_the_others_are_switched(monkeypatch):
    acm = Acm()
    olds = [f"{ARN}00000000-0000-4000-8000-1000000000{i:02d}" for i in range(20)]
    used, unused = olds[:10], olds[10:]
    pairs = [Pair(old, old.replace("-4000-", "-4001-")) for old in olds]
    details = {**{old: {"CertificateArn": old, "Status": "ISSUED", "InUse": old in used} for old in olds},
               **{p.new: {"CertificateArn": p.new, "Tags": {"certshift:replaces": p.old}} for p in pairs}}

    def domain(cert, i):
        arn = f"arn:aws:apigateway:eu-west-1::/domainnames/api{i}.example.com"
        return {"type": "apigateway", "certificate_arn": cert, "resource_arn": arn, "domain_name": f"api{i}.example.com",
                "endpoint_type": "REGIONAL", "patch_path": "/regionalCertificateArn", "names": [f"api{i}.example.com"],
                "in_use_arns": [arn]}
    scans = iter([[domain(old, i) for i, old in enumerate(used)],           # before the swap
                  [domain(pairs[i].new, i) for i in range(len(used))]])  # the rescan after it
    monkeypatch.setattr(consumer_index, "build", lambda *a, **k: consumer_index.ConsumerIndex(next(scans), "eu-west-1"))
    monkeypatch.setattr(cert_swap.swap_gate, "check", lambda *a, **k: None)

    def slow_apply(_applier, actions):
        # the switches last until the unused certificates are deleted (which, in turn, would never be)
        deadline = time.monotonic() + HOLD_SECONDS
        while len(acm.deletes(unused)) < len(unused) and time.monotonic() < deadline:
            time.sleep(0.05)
        acm._record("apply_end", None)
        return []
    monkeypatch.setattr(cert_swap.Applier, "apply", slow_apply)
    swap = cert_swap.CertSwap(Clients(acm), {"certificate_arns": olds, "delete_old": True})
    monkeypatch.setattr(swap, "replacement_state", lambda arns: {})
    # as the search found them: without InUseBy
    monkeypatch.setattr(swap.resolver, "resolve", lambda: ResolvedPairs(pairs, details, without_in_use_by=set(olds)))

    result = swap.run()

    deleted_at = {arn: seq for what, arn, seq in acm.log if what == "delete"}
    apply_end = next(seq for what, _arn, seq in acm.log if what == "apply_end")
    assert set(deleted_at) == set(olds) and all(p["deleted"] for p in result["pairs"])
    assert all(deleted_at[old] < apply_end for old in unused)  # during the switches
    assert all(deleted_at[old] > apply_end for old in used)  # only once theirs are switched
    # InUseBy is read only where the search said in use
    assert sorted(arn for what, arn, _t in acm.log if what == "describe") == sorted(used)
