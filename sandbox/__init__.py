"""The local AWS sandbox: moto's server plus corrections that make it behave as
AWS documents (see ../shared/docs/aws-facts.md). Repository tooling for tests,
the demo and benchmarks; not part of the built collection."""
