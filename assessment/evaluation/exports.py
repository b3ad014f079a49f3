"""The Excel download of a round's results (评议结果), through the platform's one streaming writer."""

from __future__ import annotations

from collections.abc import Iterator

from core.exports import workbook_bytes

from ..models import EvaluationRound
from . import rubric
from .choices import Grade
from .selectors import EntryRow


def round_filename(evaluation_round: EvaluationRound) -> str:
    return f"{evaluation_round.community.name}{evaluation_round.year}年度社区社会组织评议结果.xlsx"


def round_header(evaluation_round: EvaluationRound) -> list[str]:
    indicators = rubric.indicators_of(evaluation_round.indicators)
    scores = [
        f"{i.name}（满分{rubric.number(i.max_score)}，权重{rubric.number(i.weight)}%）" for i in indicators
    ]
    return [
        "名次",
        "组织名称",
        "组织类别",
        *scores,
        "满意票",
        "基本满意票",
        "不满意票",
        "评议得分",
        "总分",
        "等级",
        "评议意见",
    ]


def _cells(row: EntryRow) -> Iterator[object]:
    entry = row.entry
    yield entry.rank or ""
    yield entry.organization.name
    yield entry.organization.category.name
    yield from (float(score) if score is not None else "" for score in row.scores)
    yield from (entry.votes_satisfied, entry.votes_basic, entry.votes_unsatisfied)
    yield float(row.vote_rate) if row.vote_rate is not None else ""
    yield float(row.final) if row.final is not None else ""
    yield Grade(row.grade).label if row.grade else ""
    yield entry.comment


def round_workbook(evaluation_round: EvaluationRound, rows: list[EntryRow]) -> bytes:
    """One line per organization; the figures are the page's (``selectors.entry_rows``)."""
    title = f"{evaluation_round.year}年度评议结果"
    return workbook_bytes(title, round_header(evaluation_round), (list(_cells(row)) for row in rows))
