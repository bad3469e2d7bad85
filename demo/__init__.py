"""`make demo`: the certshift.acm story on the local sandbox's demo fleet."""
