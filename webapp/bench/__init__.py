"""`make bench`: the figures the README records, measured on this machine."""
