from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

from core.scoping import ScopedModel, ScopedQuerySet, scoped_manager

from ..choices import RegionLevel, UrbanRural
from ..divisions import PREFIX_LENGTH
from ..errors import RegistryCode


class RegionQuerySet(ScopedQuerySet):
    region_field = "code"

    def communities(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.COMMUNITY)

    def public_tree(self) -> RegionQuerySet:
        """The division tree (codes, names, levels) is public: choosers on public pages, and the
        communities a new applicant, who has no jurisdiction, may file in."""
        return self.public("division-tree")


class Region(ScopedModel):
    """A node of the division tree, keyed by its 12-digit statistical code.

    Because the code is the primary key, every foreign key to a region stores the code itself,
    and a jurisdiction filter on any table is a prefix range on its own column.
    """

    code = models.CharField(
        "区划代码",
        max_length=12,
        primary_key=True,
        validators=[RegexValidator(r"^\d{12}$", "区划代码应为12位数字", code=RegistryCode.CODE)],
    )
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    urban_rural = models.CharField("城乡分类", max_length=8, choices=UrbanRural.choices, blank=True)

    objects = scoped_manager(RegionQuerySet)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=RegionLevel.COMMUNITY) | models.Q(urban_rural=""),
                name="region_urban_rural_only_for_communities",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """The significant digits of the code: every descendant's code starts with them."""
        return self.code[: PREFIX_LENGTH[RegionLevel(self.level)]]

    @property
    def is_community(self) -> bool:
        return self.level == RegionLevel.COMMUNITY

    def contains(self, code: str) -> bool:
        return code.startswith(self.prefix)
