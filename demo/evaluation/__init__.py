"""The evaluation part of the demo (a builder, see ``demo.builders``): what the organizations of 清河市
did in the last twelve months and how their communities judged them.

- **work reports** for the last two half-years, most organizations on time, the weak streets less so;
- **service projects** and **trainings** (district and street courses with the leaders of the
  organizations sent, and the streets' civil-affairs assistants and community workers);
- a **published round** for last year in every community that has organizations, its grades spread
  by the community's coverage profile (see ``demo.city``): the full communities of the model streets
  mostly 良好 and 优秀, so they meet Taicang's high-quality 5+X and averages, the weaker ones not;
  and **one round in progress** this year, in 幸福里社区 (the demo account ``community_a``);
- **brand designations** of the city's brand organizations by their street (or bureau), one revoked;
  a street's **selection** of brands and model projects; Party-member leaders for some organizations.

Dates are set where they belong (a round published in February, a report in the month after its
half-year, a training on its day), so the quota snapshots dated in the past show the city as it was.
Idempotent: everything is found again by its natural key and nothing is created twice.
"""

from .seed import seed_evaluation

__all__ = ["seed_evaluation"]
