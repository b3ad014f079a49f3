from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from ..errors import Code


class StableCursorPagination(CursorPagination):
    """Cursor pages stay correct while rows are added, and cost the same on page 1 and page 1,000.

    The order comes from the ``ordering`` filter of the view's filterset, so the API accepts the
    same whitelisted sort keys as the pages and nothing else.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-pk",)

    def get_page_size(self, request: Any) -> int:
        """``page_size`` from 1 to ``max_page_size``; anything else is refused, not silently ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        ErrorDetail(f"每页条数应为1至{self.max_page_size}的整数", code=Code.INVALID)
                    ]
                }
            )
        return int(raw)

    def decode_cursor(self, request: Any) -> Any:
        """A cursor that was not handed out by this API is bad input on its field (400), not a 404."""
        try:
            return super().decode_cursor(request)
        except NotFound:
            message = "翻页参数无效，请使用上一页返回的链接"
            raise ValidationError(
                {self.cursor_query_param: [ErrorDetail(message, code=Code.INVALID)]}
            ) from None

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """``page_size`` documented with the bounds ``get_page_size`` enforces."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1, "maximum": self.max_page_size}
        return parameters

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        filterset_class = getattr(view, "filterset_class", None)
        ordering_filter = filterset_class.base_filters.get("ordering") if filterset_class else None
        default = getattr(view, "cursor_ordering", self.ordering)
        requested = request.query_params.get("ordering", "")
        if ordering_filter is None or not requested:
            return default
        fields = tuple(
            ordering_filter.get_ordering_value(param.strip())
            for param in requested.split(",")
            if param.strip().lstrip("-") in ordering_filter.param_map
        )
        return fields or default
