"""The API's JSON parser: bad JSON of any shape is a 400 with a stable code, never a 500."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from ..middleware import json_has_nul


class SafeJSONParser(JSONParser):
    """Refuses JSON nested too deeply to parse (a recursion bomb) and strings holding a NUL character,
    which no database column stores."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON 嵌套层级过深") from None
        if json_has_nul(data):
            raise ParseError("请求中含有无效字符")
        return data
