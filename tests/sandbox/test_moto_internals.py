"""sandbox/moto_internals.py lists every moto internal the sandbox touches: what a running
sandbox patched is exactly what it lists, and what it lists is where the installed moto has it."""

from __future__ import annotations

from sandbox import moto_internals, patching

LISTS = {"REPLACED": moto_internals.REPLACED, "ADDED": moto_internals.ADDED, "PROPERTIES": moto_internals.PROPERTIES}


def _listed():
    return {(patching.owner_name(owner), name) for listing in LISTS.values()
            for owner, names in listing.items() for name in names}


def test_every_patch_is_listed_and_every_listed_patch_made(sandbox):
    patched = {tuple(entry) for entry in sandbox.control("GET", "patches")["patches"]}
    assert patched, "the sandbox reports no patches: GET /_sandbox/patches is broken"
    assert patched - _listed() == set(), "patched but not listed in sandbox/moto_internals.py"
    assert _listed() - patched == set(), "listed in sandbox/moto_internals.py but not patched"


def test_the_installed_moto_has_what_the_sandbox_replaces_and_lacks_what_it_adds():
    missing = [(patching.owner_name(o), n) for o, names in moto_internals.REPLACED.items()
               for n in names if not hasattr(o, n)]
    assert missing == [], "moto no longer has these: review the corrections that replace them"
    now_in_moto = [(patching.owner_name(o), n) for o, names in moto_internals.ADDED.items()
                   for n in names if hasattr(o, n)]
    assert now_in_moto == [], "moto has these now: compare with the corrections that add them"


def test_the_installed_moto_has_the_private_attributes_the_sandbox_reads():
    backend = moto_internals.AWSCertificateManagerBackend("us-east-1", "123456789012")
    instances = {moto_internals.AWSCertificateManagerBackend: backend}
    missing = [(patching.owner_name(o), n) for o, names in moto_internals.PRIVATE_ATTRIBUTES.items()
               for n in names if not hasattr(instances.get(o, o), n) and o is not moto_internals.CertBundle]
    assert missing == []
    # CertBundle's _key and _cert are set per certificate: every ACM correction test reads them.
    assert all(hasattr(moto_internals.CertBundle, n) for n in ("_not_valid_after", "_not_valid_before"))
