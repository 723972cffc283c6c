"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from gateway.services import Services


def get_services(request: Request) -> Services:
    """The process-wide :class:`Services` built at start-up."""
    services: Services = request.app.state.services
    return services


async def services_of(request: Request) -> Services:
    """:func:`get_services` as an ``async`` dependency: FastAPI awaits it on the event
    loop instead of handing a plain function to its thread pool (a thread hop per
    request, ≈ a tenth of the webhook route's CPU; issue 16)."""
    return get_services(request)
