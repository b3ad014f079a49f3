"""The quota policies that ship with the platform, from the policy texts (DOMAIN §7).

They are templates: no jurisdiction, never evaluated on schedule. A bureau copies one for its
area (``assessment.services.policies.policy_copy``) and adjusts the numbers there.
"""

from __future__ import annotations

from typing import Any

from .choices import RuleKind

CORE_CATEGORIES = ["charity", "mutual_aid", "culture", "mediation", "safety"]

PRESETS: tuple[dict[str, Any], ...] = (
    {
        "preset": "taicang",
        "name": "太仓“5+X”社区社会组织发展目标",
        "basis": "太仓市关于培育发展社区社会组织的实施意见（2021）：每个社区应培育具有较高质量的公益慈善、"
        "居民互助、文体科教、纠纷调处、平安建设类组织各不少于1个，并培育特色类组织不少于1个；到2023年"
        "城市社区平均拥有不少于10个、农村社区平均拥有不少于6个较高质量的社区社会组织；每个组织每年至少"
        "实施1个社区服务项目，负责人及其他骨干人员每年参加不少于1次能力培训。",
        "rules": [
            (
                RuleKind.CATEGORY_COVERAGE,
                {"categories": CORE_CATEGORIES, "featured_min": 1, "high_quality_only": True},
            ),
            (RuleKind.AVERAGE_ORGANIZATIONS, {"urban": 10, "rural": 6, "high_quality_only": True}),
            (RuleKind.ANNUAL_ACTIVITY, {"projects": 1, "trainings": 1}),
        ],
    },
    {
        "preset": "beijing",
        "name": "北京培育发展社区社会组织专项行动目标",
        "basis": "《北京市培育发展社区社会组织专项行动实施方案》（2021）：到2023年城市社区平均拥有"
        "不少于15个、农村社区平均拥有不少于8个社区社会组织，每个社区培育不少于2个“品牌”社区社会"
        "组织；全市街道和具备条件的乡镇成立社区社会组织联合会。",
        "rules": [
            (RuleKind.AVERAGE_ORGANIZATIONS, {"urban": 15, "rural": 8, "high_quality_only": False}),
            (RuleKind.BRAND_ORGANIZATIONS, {"minimum": 2}),
            (RuleKind.STREET_FEDERATION, {"townships": "optional"}),
        ],
    },
    {
        "preset": "hainan",
        "name": "海南社区社会工作人才与党建覆盖目标",
        "basis": "《海南省培育发展社区社会组织专项行动实施方案（2021-2023年）》（琼民通〔2021〕34号）："
        "力争到2023年每个城市社区有2名以上、每个农村社区有1名以上社会工作人才；推进社区社会组织中党的"
        "组织和工作有效覆盖（规模小、党员少的可联合建立党组织），鼓励社区党员担任社区社会组织负责人。",
        "rules": [
            (RuleKind.SOCIAL_WORKERS, {"urban": 2, "rural": 1}),
            (RuleKind.PARTY_BUILDING, {"organizations": 100, "leaders": 0}),
        ],
    },
    {
        "preset": "jinzhong",
        "name": "晋中社区社会组织孵化基地目标",
        "basis": "晋中市民政局、中共晋中市委政法委员会关于大力培育发展社区社会组织积极参与基层社会治理"
        "的实施方案（市民发〔2019〕54号）：各县（区、市）建立社区社会组织孵化基地（1至2个）。",
        "rules": [(RuleKind.INCUBATION_BASES, {"minimum": 1})],
    },
    {
        "preset": "national",
        "name": "民政部培育发展社区社会组织专项行动统计监测",
        "basis": "民政部办公厅《培育发展社区社会组织专项行动方案（2021-2023年）》（民办发〔2020〕36号）："
        "按管理方式、类别和城乡统计社区社会组织发展情况及培训人次。",
        "rules": [(RuleKind.TRACKING, {})],
    },
)


def _all(model: Any) -> Any:
    # The platform's scoped managers refuse to run unrestricted by accident; a migration's
    # historical models have plain managers.
    manager = model._default_manager
    return manager.unrestricted() if hasattr(manager, "unrestricted") else manager.all()


def install_presets(policy_model: Any, rule_model: Any) -> None:
    """Create or refresh the presets (usable from a migration with historical models)."""
    policies, rules = (_all(model) for model in (policy_model, rule_model))
    for preset in PRESETS:
        policy, _ = policies.update_or_create(
            preset=preset["preset"],
            jurisdiction=None,
            defaults={"name": preset["name"], "basis": preset["basis"], "is_active": True},
        )
        rules.filter(policy=policy).delete()
        rule_model._default_manager.bulk_create(
            rule_model(policy=policy, kind=str(kind), params=params, position=position)
            for position, (kind, params) in enumerate(preset["rules"], start=1)
        )
