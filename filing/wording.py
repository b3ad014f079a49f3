"""What each kind of application is called at every step (new filing, change, deregistration).

A deregistration approved is 已注销, not 已备案; the community agrees to a change (同意变更), not to a
filing. Buttons, messages, badges, opinions, the trail and the public status page all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import ApplicationKind, ApplicationState, Opinion


@dataclass(frozen=True)
class KindWords:
    approve: str  # the street's button and the trail's step
    approved: str  # the state once approved
    approve_done: str
    reject: str
    rejected: str
    reject_done: str
    agree: str  # the community's opinions
    disagree: str
    confirm: str  # what approving will do, said before the street confirms

    @property
    def reject_reason(self) -> str:
        return f"{self.rejected}理由"


WORDS: dict[str, KindWords] = {
    ApplicationKind.NEW: KindWords(
        approve="准予备案",
        approved="已备案",
        approve_done="已准予备案，备案证书正在生成。",
        reject="不予备案",
        rejected="不予备案",
        reject_done="已作出不予备案决定。",
        agree="同意备案",
        disagree="不同意备案",
        confirm="准予备案后，组织将列入本街道名录，分配备案编号并生成带二维码的备案证书；此操作不能撤回。",
    ),
    ApplicationKind.CHANGE: KindWords(
        approve="准予变更备案",
        approved="已变更",
        approve_done="已准予变更备案，组织信息已更新。",
        reject="不予变更备案",
        rejected="不予变更",
        reject_done="已作出不予变更备案决定。",
        agree="同意变更",
        disagree="不同意变更",
        confirm="准予变更后，组织信息按申请内容更新（原信息保留在变更记录中），备案证书重新生成；此操作不能撤回。",
    ),
    ApplicationKind.DEREGISTRATION: KindWords(
        approve="准予注销备案",
        approved="已注销",
        approve_done="已准予注销备案，注销公告已发布。",
        reject="不予注销备案",
        rejected="不予注销",
        reject_done="已作出不予注销备案决定。",
        agree="同意注销",
        disagree="不同意注销",
        confirm="准予注销后，组织移出名录，备案证书失效，并向社会发布注销备案公告；此操作不能撤回。",
    ),
}


def words_of(kind: str) -> KindWords:
    return WORDS[kind]


def state_label(kind: str, state: str) -> str:
    """The state as this kind of application names it."""
    words = WORDS.get(kind)
    if words is not None and state == ApplicationState.APPROVED:
        return words.approved
    if words is not None and state == ApplicationState.REJECTED:
        return words.rejected
    return ApplicationState(state).label if state in ApplicationState.values else state


def opinion_label(kind: str, opinion: str) -> str:
    words = WORDS.get(kind)
    if words is None or opinion not in Opinion.values:
        return opinion
    return words.agree if opinion == Opinion.AGREE else words.disagree


def opinion_choices(kind: str) -> list[tuple[str, str]]:
    return [(value, opinion_label(kind, value)) for value in Opinion.values]
