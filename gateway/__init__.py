"""The FastAPI gateway: routers, the message pipeline, workers and the CLI."""
