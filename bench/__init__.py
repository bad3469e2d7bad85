"""Benchmarks of certshift.acm against what users do today, on the sandbox with AWS-like
latency and rate quotas. Run: `make bench` (or `python -m bench --help`)."""
