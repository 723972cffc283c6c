"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

from fastapi import Request

from gateway.services import Services


def get_services(request: Request) -> Services:
    """The process-wide :class:`Services` built at start-up."""
    services: Services = request.app.state.services
    return services
