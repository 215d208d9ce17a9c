"""The Starlette application: the page, its two files, and the JSON API.

    GET  /                 the page (Chinese; its style and script are the two files below, nothing else)
    GET  /assets/serve.css, /assets/serve.js
    GET  /api/info         version, packs, size limit, whether a token is needed
    POST /api/check        an upload → the JSON of `fzlint check --format json` (422 when the file is unreadable)
    POST /api/report       an upload → that JSON plus the checked text and the parts (what the page draws)
    POST /api/annotate     an upload → the annotated .docx (every finding a Word comment)
    POST /api/fix          an upload → the file with the certain fixes made (.docx, .txt)
    POST /api/diff         an upload → what those fixes change, line by line

Every response carries a Content-Security-Policy that admits only this server's own script and style, and no
request leaves the page. Bound to a loopback address, the server answers only requests addressed to a loopback
name (a web page elsewhere cannot reach it by DNS rebinding); a POST from a page of another origin is refused;
with a token, every POST needs ``Authorization: Bearer TOKEN``. Nothing here ever shows a traceback: every
error is a Chinese message.
"""
from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .upload import BadUpload, read_upload
from .work import Reply, Task

ASSETS = Path(__file__).parent / "assets"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
       "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]", "::1")
ACCEPT = (".docx", ".txt", ".html", ".htm", ".pdf", ".doc", ".wps")     # what the page offers to choose


@dataclass(frozen=True, slots=True)
class Service:
    """What the application needs besides the pool: limits, the token, and what the page says."""

    version: str
    packs: tuple[tuple[str, str, str], ...]
    max_size: int                  # bytes; 0 = no limit (checker.load.limits)
    file_limit: int                # bytes of an upload (a .docx may be 5× max_size)
    token: str | None = None
    loopback: bool = True          # bound to a loopback address: only loopback Host names are answered
    max_pending: int = 32          # uploads being received or checked at once; more are refused (503)
    upload_timeout: float = 60.0   # seconds an upload may take to arrive (a client trickling bytes holds a place)
    config: str | None = None


def build_app(service: Service, pool: Any) -> Any:
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    page = render_page(service)
    assets = {name: (ASSETS / name).read_bytes() for name in ("serve.css", "serve.js")}
    pending = [0]               # uploads in progress (one event loop: no lock needed)

    def error(message: str, status: int) -> Response:
        return JSONResponse({"error": message}, status, headers={"cache-control": "no-store"})

    async def index(request: Request) -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers={"cache-control": "no-store"})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            return PlainTextResponse("找不到这个文件", 404)
        kind = "text/css; charset=utf-8" if name.endswith(".css") else "text/javascript; charset=utf-8"
        return Response(assets[name], media_type=kind, headers={"cache-control": "no-cache"})

    async def info(request: Request) -> Response:
        return JSONResponse(info_of(service), headers={"cache-control": "no-store"})

    def endpoint(op: str) -> Any:
        async def run(request: Request) -> Response:
            refused = _guard(request, service)
            if refused is not None:
                return error(*refused)
            if pending[0] >= service.max_pending:
                return error(f"服务器繁忙（同时处理的上传已达 {service.max_pending} 份），请稍后再试", 503)
            pending[0] += 1
            try:
                try:
                    upload = await asyncio.wait_for(read_upload(request, service.file_limit, service.max_size),
                                                    service.upload_timeout)
                except BadUpload as exc:
                    return error(exc.message, exc.status)
                except asyncio.TimeoutError:
                    return error(f"上传超时：{service.upload_timeout:g} 秒内没有收完文件，请检查网络后重试", 408)
                reply = await pool.run(Task(op, upload.name, upload.data))
            finally:
                pending[0] -= 1
            return to_response(reply)
        return run

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        if status == 405:
            return error("不支持这种请求方式", 405)
        if request.url.path.startswith("/api/"):
            return error("没有这个接口", status)
        return PlainTextResponse("找不到这个页面。请打开首页 /", status)

    async def crashed(request: Request, exc: Exception) -> Response:
        return error("服务器内部错误，请稍后再试；如果一再出现，请告诉管理员", 500)

    routes = [Route("/", index, methods=["GET"]),
              Route("/assets/{name:str}", asset, methods=["GET"]),
              Route("/api/info", info, methods=["GET"])]
    routes += [Route(f"/api/{op}", endpoint(op), methods=["POST"]) for op in ("check", "report", "annotate", "fix",
                                                                            "diff")]

    app = Starlette(routes=routes, exception_handlers={HTTPException: not_found, Exception: crashed})
    return SecurityHeaders(HostCheck(app, service.loopback))


def info_of(service: Service) -> dict[str, Any]:
    return {"name": "fzlint", "version": service.version,
            "packs": [{"id": i, "version": v, "title": t} for i, v, t in service.packs],
            "max_size": service.max_size, "accept": list(ACCEPT), "token_required": bool(service.token)}


def _guard(request: Any, service: Service) -> tuple[str, int] | None:
    """Why a POST is refused (message, status), or None: a page of another origin, or a missing token."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    if origin and origin != "null" and origin.split("://", 1)[-1] != host:
        return "拒绝来自其他网站的请求", 403
    if origin == "null":
        return "拒绝来自其他网站的请求", 403
    if service.token:
        given = request.headers.get("authorization", "")
        expected = f"Bearer {service.token}"
        if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            return "需要正确的访问口令（请向管理员索取，在页面上方输入）", 401
    return None


def to_response(reply: Reply) -> Any:
    from starlette.responses import Response

    headers = {"cache-control": "no-store"}
    if reply.filename is not None:
        headers["content-disposition"] = content_disposition(reply.filename)
    return Response(reply.body, reply.status, headers=headers, media_type=reply.content_type)


def content_disposition(name: str) -> str:
    """attachment with the name in RFC 5987 form (Chinese names) and a plain ASCII fallback."""
    suffix = Path(name).suffix if Path(name).suffix.isascii() else ""
    fallback = name if name.isascii() and '"' not in name else f"fzlint{suffix}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def render_page(service: Service) -> bytes:
    packs = "、".join(f"{i} {v}" for i, v, _ in service.packs)
    from ..load.limits import format_size

    limit = format_size(service.max_size) if service.max_size else "不限"
    html = (ASSETS / "index.html").read_text(encoding="utf-8")
    values = {"VERSION": service.version, "PACKS": packs, "LIMIT": limit, "ACCEPT": ",".join(ACCEPT),
              "TOKEN": "1" if service.token else "0", "MAXSIZE": str(service.max_size)}
    for key, value in values.items():
        html = html.replace("{{" + key + "}}", escape(value, quote=True))
    return html.encode("utf-8")


class HostCheck:
    """Bound to loopback: a request whose Host is not a loopback name is refused (DNS rebinding)."""

    def __init__(self, app: Any, loopback: bool) -> None:
        self.app, self.loopback = app, loopback

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.loopback:
            host = dict(scope.get("headers") or ()).get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in LOOPBACK_NAMES:
                from starlette.responses import PlainTextResponse

                await PlainTextResponse("只接受发往本机地址（127.0.0.1 或 localhost）的请求", 400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
