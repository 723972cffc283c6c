"""Quality inspection (质检) of every finished conversation, chat and call.

``rules`` (the centre's rules from ``config/data/inspection.yml`` and the pure scoring),
``models`` (records and findings, gateway migration g0005), ``service`` (inspect on a
finished conversation, contest and decide, scores per agent), ``router`` (supervisor
view and JSON API).
"""
