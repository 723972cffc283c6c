"""The case store: appeals, work orders and their lifecycle, dispatch, deadlines, webhooks."""
