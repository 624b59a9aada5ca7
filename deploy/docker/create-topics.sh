#!/bin/bash
# Creates every Twoway topic with its partition count (shared/events/topics.py all_topics),
# then checks what the broker reports. Idempotent: existing topics are kept, and a topic with
# fewer partitions than wanted is grown (Kafka cannot shrink a topic).
set -euo pipefail

BOOTSTRAP=${KAFKA_BOOTSTRAP:-kafka:19092}
PREFIX=${TOPIC_PREFIX:-twoway.}
REPLICATION=${REPLICATION_FACTOR:-1}
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() {
  local topic="$PREFIX$1" partitions=$2
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$REPLICATION"
  local have
  have=$("$TOPICS" --bootstrap-server "$BOOTSTRAP" --describe --topic "$topic" \
    | sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' | head -n1)
  if [ "${have:-0}" -lt "$partitions" ]; then
    "$TOPICS" --bootstrap-server "$BOOTSTRAP" --alter --topic "$topic" --partitions "$partitions"
  fi
  echo "topic $topic: $partitions partitions"
}

create programs 12
create participants 12
create pairs 12
create sessions 12
create feedback 12
create notifications 12
create directory 12
create dlq.matching 3
create dlq.scheduling 3
create dlq.feedback 3
create dlq.notifications 3
create dlq.directory 3
