"""`twoway demo`: regional programs of generated people lived through on the running services.

- `command`: the subcommand's options (the only module `cli.main` loads up front)
- `run`: the demo's course, week by week; `simulation` and `behaviour`: what people do
- `population`: the programs and people (from `samples.enterprise`)
- `services`: the services' HTTP APIs; `events`: the Kafka topics, read as they grow
- `progress`, `report`, `report_text`, `charts`: what the demo shows and leaves behind
"""
