"""Offline API docs: ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from the assets the
``fastapi-offline`` package ships, served under ``/docs-assets``; no CDN at run time.

ReDoc's bundle names one asset on a CDN (the "API docs by Redocly" logo): the bundle is
served with that address pointing at the site's own icon, and Swagger UI's validator
badge (validator.swagger.io) is switched off, so no request leaves the site; a
Content-Security-Policy keeps it that way for anything missed.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS = "/docs-assets"
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; font-src 'self' data:; "
    "connect-src 'self'"
)


def _assets() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@lru_cache(maxsize=1)
def redoc_bundle() -> bytes:
    """ReDoc's standalone bundle with its CDN logo pointing at ``/favicon.ico``."""
    text = (_assets() / "redoc.standalone.js").read_text("utf-8")
    return text.replace(REDOC_CDN_LOGO, "/favicon.ico").encode("utf-8")


def mount(app: FastAPI) -> None:
    """Add the docs pages and their assets to ``app`` (built with docs_url=None)."""
    router = APIRouter(include_in_schema=False)

    @router.get(f"{ASSETS}/redoc.standalone.js")
    async def redoc_js() -> Response:
        return Response(
            redoc_bundle(),
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    openapi_url = app.openapi_url or "/openapi.json"
    oauth2 = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @router.get("/docs")
    async def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} · Swagger UI",
            oauth2_redirect_url=oauth2,
            swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}/favicon.ico",
            # no validator badge: it would be fetched from validator.swagger.io
            swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
        )
        page.headers["Content-Security-Policy"] = CSP
        return page

    @router.get(oauth2)
    async def swagger_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @router.get("/redoc")
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} · ReDoc",
            redoc_js_url=f"{root}{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}/favicon.ico",
            with_google_fonts=False,
        )
        page.headers["Content-Security-Policy"] = CSP
        return page

    app.include_router(router)  # before the mount: the patched bundle wins
    app.mount(ASSETS, StaticFiles(directory=_assets()), name="docs-assets")
