"""The sandbox answers DNS queries from its public Route53 zones (moto alone serves no DNS),
so checks of published validation CNAMEs and CAA records see what a run wrote."""

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype


def ask(sandbox, name, rtype):
    where = sandbox.control("GET", "dns")
    return dns.query.udp(dns.message.make_query(name, rtype), where["address"], port=where["port"], timeout=2)


def zone(sandbox, name, private=False):
    r53 = sandbox.client("route53")
    kwargs = {"HostedZoneConfig": {"PrivateZone": True}, "VPC": {"VPCRegion": "eu-west-1", "VPCId": "vpc-1"}} \
        if private else {}
    return r53.create_hosted_zone(Name=name, CallerReference=name + str(private), **kwargs)["HostedZone"]["Id"]


def upsert(sandbox, zone_id, name, rtype, value):
    sandbox.client("route53").change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [{
        "Action": "UPSERT", "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": 60,
                                                  "ResourceRecords": [{"Value": value}]}}]})


def test_cname_and_caa_answered_from_public_zones(sandbox):
    zid = zone(sandbox, "example.com")
    upsert(sandbox, zid, "_abc.example.com", "CNAME", "_def.acm-validations.aws.")
    upsert(sandbox, zid, "example.com", "CAA", '0 issue "amazon.com"')
    reply = ask(sandbox, "_abc.example.com", dns.rdatatype.CNAME)
    assert [r.target.to_text() for r in reply.answer[0]] == ["_def.acm-validations.aws."]
    caa = ask(sandbox, "example.com", dns.rdatatype.CAA)
    assert caa.answer[0][0].value == b"amazon.com"


def test_missing_names_and_foreign_zones(sandbox):
    zone(sandbox, "example.com")
    assert ask(sandbox, "_nothing.example.com", dns.rdatatype.CNAME).rcode() == dns.rcode.NXDOMAIN
    assert ask(sandbox, "example.net", dns.rdatatype.A).rcode() == dns.rcode.REFUSED


def test_a_name_with_records_below_it_exists(sandbox):
    """An empty non-terminal is NOERROR without data, as Route53 answers: an NXDOMAIN would tell a resolver that
    trusts it (RFC 8020, as acm_renewal_check's probes do) that www.shop.example.com cannot exist either."""
    zid = zone(sandbox, "example.com")
    upsert(sandbox, zid, "www.shop.example.com", "A", "192.0.2.1")
    between = ask(sandbox, "shop.example.com", dns.rdatatype.A)
    assert between.rcode() == dns.rcode.NOERROR and not between.answer
    assert ask(sandbox, "www.shop.example.com", dns.rdatatype.A).answer[0][0].address == "192.0.2.1"
    assert ask(sandbox, "hop.example.com", dns.rdatatype.A).rcode() == dns.rcode.NXDOMAIN  # no label games


def test_private_zones_are_not_served(sandbox):
    zid = zone(sandbox, "internal.example", private=True)
    upsert(sandbox, zid, "a.internal.example", "CNAME", "b.internal.example.")
    assert ask(sandbox, "a.internal.example", dns.rdatatype.CNAME).rcode() == dns.rcode.REFUSED
