"""Template variables and label filters the dashboards share."""

from __future__ import annotations

from deploy.grafana.model import Variable

RI = "$__rate_interval"

SERVICE = Variable("service", "Service", 'label_values(up{job="twoway"}, service)')
SUBSCRIBER = Variable(
    "subscriber",
    "Subscriber (topic)",
    'label_values(faststream_received_messages_total{app_name=~"$service"}, handler)',
)
REGION = Variable("region", "Region", "label_values(twoway_matching_participants, region)")
PROGRAM = Variable(
    "program",
    "Program",
    'label_values(twoway_matching_participants{region=~"$region"}, program)',
)

SVC = 'app_name=~"$service"'
SUB = 'app_name=~"$service", handler=~"$subscriber"'
PRG = 'program=~"$program"'
