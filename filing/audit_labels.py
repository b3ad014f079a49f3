"""Chinese labels of the audit actions the filing app writes, registered with the registry's trail."""

from .services.workflow import TRANSITIONS

ACTION_LABELS = {
    **{f"filing.{action}": f"备案申请：{transition.label}" for action, transition in TRANSITIONS.items()},
    "certificate.issued": "颁发备案证书",
    "certificate.renewed": "换发备案证书",
    "certificate.downloaded": "下载备案证书",
    "material.downloaded": "下载申请材料",
    "complaint.filed": "收到投诉举报",
    "complaint.investigating": "投诉举报：开始调查",
    "complaint.closed": "投诉举报：办结",
    "event_report.submitted": "重大活动报告",
    "event_report.acknowledged": "重大活动报告：街道已知悉",
    "event_report.more_info": "重大活动报告：需补充说明",
    "announcement.published": "发布公告",
    "dormancy.flagged": "标记为僵尸型组织",
    "dormancy.dismissed": "僵尸型标记复核正常",
}
