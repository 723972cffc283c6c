"""The path every citizen message takes: the handler (dedup, session, NLU, dialogue step),
the action runner, the one delivery path for everything sent in the background, the durable
inbox, repeat detection (第十三条(三)) and the reply notices (第十七条)."""

from gateway.pipeline.actions import ActionRunner, Conversation
from gateway.pipeline.delivery import Delivery, DeliveryConfig
from gateway.pipeline.handler import (
    Pipeline,
    PipelineConfig,
    PipelineError,
    UnknownConversation,
)
from gateway.pipeline.summary import nlu_summary

__all__ = [
    "ActionRunner",
    "Conversation",
    "Delivery",
    "DeliveryConfig",
    "Pipeline",
    "PipelineConfig",
    "PipelineError",
    "UnknownConversation",
    "nlu_summary",
]
