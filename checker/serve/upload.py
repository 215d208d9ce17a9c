"""Reading an upload from a request, in memory, never more than the size limit.

Two ways in: a ``multipart/form-data`` form (field ``file`` with a file name, or field ``text`` with pasted text;
what ``curl -F file=@报告.docx`` and the page send), or the raw bytes as the body with the file name in the
query (``?name=报告.docx``). The body is read as it arrives and refused (413) as soon as it passes the limit;
the form is parsed by python-multipart's streaming parser into memory (Starlette's own form parsing would spool a
file over 1 MB to a temporary file on disk, which an upload must never become).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..load.limits import format_size

PASTED_NAME = "粘贴的文字.txt"
FORM_OVERHEAD = 64 * 1024            # the form's own headers and boundaries, beyond the file itself
MAX_PARTS = 8
DRAIN_LIMIT = 64 * 1024 * 1024       # bytes past the limit read (and dropped) so the client hears the 413
MAX_NAME = 120                       # characters kept of a file name
UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f\"\\/:*?<>|]")


class BadUpload(Exception):
    """What is wrong with a request, in Chinese, and its HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Upload:
    name: str
    data: bytes


def clean_name(raw: str) -> str:
    """A file name as sent (maybe a Windows path, maybe with control characters) → its last component, safe
    to show and to put in a download's name."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", UNSAFE_NAME.sub("_", name)).strip().lstrip(".")
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:MAX_NAME - len(suffix) - 1] + "." + suffix) if dot and len(suffix) <= 8 else name[:MAX_NAME]
    return name or "未命名"


async def read_upload(request: Any, file_limit: int, text_limit: int) -> Upload:
    """The one file (or pasted text) of ``request``. ``file_limit``: bytes of a file (0 = none); ``text_limit``:
    bytes of pasted text. Raises BadUpload."""
    ctype = request.headers.get("content-type", "")
    body_limit = (file_limit + FORM_OVERHEAD) if file_limit else 0
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and body_limit and int(length) > body_limit:
        if int(length) <= body_limit + DRAIN_LIMIT:
            await _drain(request.stream())
        raise BadUpload(_too_large(int(length), file_limit), 413)
    if ctype.lower().startswith("multipart/form-data"):
        return await _form(request, ctype, file_limit, text_limit, body_limit)
    name = request.query_params.get("name")
    if not name:
        raise BadUpload("请用表单字段 file 上传文件（curl -F file=@报告.docx），或把文件内容作为请求体并在地址中给出 "
                        "?name=报告.docx")
    data = await _body(request, body_limit, file_limit)
    return Upload(clean_name(name), data)


def _too_large(size: int, limit: int) -> str:
    return (f"上传的文件太大（{format_size(size)}，上限 {format_size(limit)}），未检查；"
            "如确需检查更大的文件，请让管理员用 fzlint serve --max-size 提高上限")


async def _drain(stream: Any, limit: int = DRAIN_LIMIT) -> None:
    """Read what is left of the body stream, keeping none of it (at most ``limit`` bytes): a client still sending
    when the server answers and closes would see a broken connection instead of the Chinese 413."""
    drained = 0
    async for chunk in stream:
        drained += len(chunk)
        if drained > limit:
            return


async def _body(request: Any, body_limit: int, file_limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    stream = request.stream()
    async for chunk in stream:
        size += len(chunk)
        if body_limit and size > body_limit:
            chunks.clear()
            await _drain(stream)
            raise BadUpload(_too_large(size, file_limit), 413)
        chunks.append(chunk)
    return b"".join(chunks)


async def _form(request: Any, ctype: str, file_limit: int, text_limit: int, body_limit: int) -> Upload:
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, params = parse_options_header(ctype)
    boundary = params.get(b"boundary")
    if not boundary:
        raise BadUpload("表单缺少分隔符（multipart boundary）")
    parts: list[dict[str, Any]] = []
    header: dict[str, bytearray] = {}

    def part_begin() -> None:
        if len(parts) >= MAX_PARTS:
            raise BadUpload(f"表单字段太多（上限 {MAX_PARTS} 个）")
        parts.append({"headers": {}, "data": bytearray()})

    def header_field(data: bytes, start: int, end: int) -> None:
        header.setdefault("field", bytearray()).extend(data[start:end])

    def header_value(data: bytes, start: int, end: int) -> None:
        header.setdefault("value", bytearray()).extend(data[start:end])

    def header_end() -> None:
        parts[-1]["headers"][bytes(header.get("field", b"")).lower()] = bytes(header.get("value", b""))
        header.clear()

    def part_data(data: bytes, start: int, end: int) -> None:
        parts[-1]["data"].extend(data[start:end])

    ended: list[bool] = []
    parser = MultipartParser(boundary, {"on_part_begin": part_begin, "on_header_field": header_field,
                                        "on_header_value": header_value, "on_header_end": header_end,
                                        "on_part_data": part_data, "on_end": lambda: ended.append(True)})
    size = 0
    try:
        stream = request.stream()
        async for chunk in stream:
            size += len(chunk)
            if body_limit and size > body_limit:
                parts.clear()
                await _drain(stream)
                raise BadUpload(_too_large(size, file_limit), 413)
            parser.write(chunk)
        parser.finalize()
    except BadUpload:
        raise
    except Exception:  # noqa: BLE001 - python-multipart's parse errors: a malformed form
        raise BadUpload("表单格式不正确，无法读取上传的文件") from None
    if not ended:
        raise BadUpload("上传不完整（表单没有结束标记，可能是传输中断），请重新上传")
    return _pick(parts, file_limit, text_limit)


def _disposition(part: dict[str, Any]) -> tuple[str | None, str | None]:
    """(field name, file name) from a part's Content-Disposition (file name* in RFC 5987 form too)."""
    from urllib.parse import unquote

    from python_multipart.multipart import parse_options_header

    _, params = parse_options_header(part["headers"].get(b"content-disposition", b""))

    def text(value: bytes | None) -> str | None:
        if value is None:
            return None
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("gb18030", "replace")

    filename = text(params.get(b"filename"))
    star = text(params.get(b"filename*"))
    if star and "''" in star:
        filename = unquote(star.split("''", 1)[1], encoding="utf-8", errors="replace")
    return text(params.get(b"name")), filename


def _pick(parts: list[dict[str, Any]], file_limit: int, text_limit: int) -> Upload:
    fields = {}
    for part in parts:
        name, filename = _disposition(part)
        if name and name not in fields:
            fields[name] = (filename, bytes(part["data"]))
    if "file" in fields and fields["file"][0] is not None and (fields["file"][1] or "text" not in fields):
        filename, data = fields["file"]
        if file_limit and len(data) > file_limit:
            raise BadUpload(_too_large(len(data), file_limit), 413)
        return Upload(clean_name(filename or ""), data)
    if "text" in fields:
        data = fields["text"][1]
        if not data.strip():
            raise BadUpload("没有要检查的文字：请粘贴报告全文")
        if text_limit and len(data) > text_limit:
            raise BadUpload(_too_large(len(data), text_limit), 413)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadUpload("粘贴的文字不是有效的 UTF-8 文本") from None
        return Upload(PASTED_NAME, data)
    raise BadUpload("没有收到文件：请选择一份报告（.docx、.txt、.html、.pdf、.doc 或 .wps），或粘贴报告全文")
