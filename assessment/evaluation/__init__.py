"""Work reports, the annual evaluation (两委评估评议), brands, service projects and trainings: what
organizations do and how their community judges it (DOMAIN.md §6, §9).

The models live in ``assessment.models``, the writes in ``assessment.services``, the pages in
``assessment.views``; this package holds the rest: the rubric's arithmetic, the configurable rules,
the permission table, the reads, and what the package provides other apps through ``core``
(measures for quota rules and the quarterly table, activity for the dormancy scan, page panels).
"""
