"""Quota policies evaluated over a jurisdiction: the data each rule needs (``sources``), the
rule kinds (``rules``) and the set-based evaluation that turns them into report rows (``engine``)."""
