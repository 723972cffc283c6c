"""Webhooks to handling units: endpoint administration, the one outbox writer
(:mod:`.outbox`), signed delivery (:mod:`.delivery`) and the outbound URL policy
(:mod:`.urlpolicy`)."""
