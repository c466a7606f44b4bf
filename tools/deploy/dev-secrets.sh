#!/bin/sh
# Creates (or updates) the Secrets of k8s/overlays/dev from the git-ignored .env that
# `npm run compose:env` writes, in the current kubectl context. Development only: production
# Secrets come from your secret store (docs/operations.md).
set -eu
env_file="${1:-.env}"
ns="${NAMESPACE:-ensemble}"
[ -r "$env_file" ] || { echo "no $env_file: run npm run compose:env first" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "./$env_file"
set +a
apply() { kubectl -n "$ns" create secret generic "$@" --dry-run=client -o yaml | kubectl apply -f -; }
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"

apply ensemble-db-admin --from-literal=PGADMIN_USER=postgres --from-literal=PGADMIN_PASSWORD="$PGADMIN_PASSWORD"
apply ensemble-dev-rabbitmq --from-literal=RABBITMQ_PASSWORD="$RABBITMQ_PASSWORD"
apply ensemble-db \
  --from-literal=DB_PASSWORD_GATEWAY="$DB_PASSWORD_GATEWAY" \
  --from-literal=DB_PASSWORD_ORCHESTRATOR="$DB_PASSWORD_ORCHESTRATOR" \
  --from-literal=DB_PASSWORD_REGISTRY="$DB_PASSWORD_REGISTRY" \
  --from-literal=DB_PASSWORD_VALIDATION="$DB_PASSWORD_VALIDATION" \
  --from-literal=DB_PASSWORD_DECISION="$DB_PASSWORD_DECISION" \
  --from-literal=DB_PASSWORD_DATA="$DB_PASSWORD_DATA" \
  --from-literal=DB_PASSWORD_COORDINATOR="$DB_PASSWORD_COORDINATOR"
broker_url() { echo "amqp://ensemble.$1:$2@rabbitmq:5672/ensemble"; }
apply ensemble-broker \
  --from-literal=AMQP_URL_GATEWAY="$(broker_url gateway "$BROKER_PASSWORD_GATEWAY")" \
  --from-literal=AMQP_URL_ORCHESTRATOR="$(broker_url orchestrator "$BROKER_PASSWORD_ORCHESTRATOR")" \
  --from-literal=AMQP_URL_REGISTRY="$(broker_url registry "$BROKER_PASSWORD_REGISTRY")" \
  --from-literal=AMQP_URL_VALIDATION_AGENT="$(broker_url validation-agent "$BROKER_PASSWORD_VALIDATION_AGENT")" \
  --from-literal=AMQP_URL_DECISION_AGENT="$(broker_url decision-agent "$BROKER_PASSWORD_DECISION_AGENT")" \
  --from-literal=AMQP_URL_DATA_AGENT="$(broker_url data-agent "$BROKER_PASSWORD_DATA_AGENT")" \
  --from-literal=AMQP_URL_COORDINATOR_AGENT="$(broker_url coordinator-agent "$BROKER_PASSWORD_COORDINATOR_AGENT")"
apply ensemble-broker-admin \
  --from-literal=BROKER_ADMIN_URL="http://ensemble-admin:$RABBITMQ_PASSWORD@rabbitmq:15672" \
  --from-literal=BROKER_PASSWORD_GATEWAY="$BROKER_PASSWORD_GATEWAY" \
  --from-literal=BROKER_PASSWORD_ORCHESTRATOR="$BROKER_PASSWORD_ORCHESTRATOR" \
  --from-literal=BROKER_PASSWORD_REGISTRY="$BROKER_PASSWORD_REGISTRY" \
  --from-literal=BROKER_PASSWORD_VALIDATION_AGENT="$BROKER_PASSWORD_VALIDATION_AGENT" \
  --from-literal=BROKER_PASSWORD_DECISION_AGENT="$BROKER_PASSWORD_DECISION_AGENT" \
  --from-literal=BROKER_PASSWORD_DATA_AGENT="$BROKER_PASSWORD_DATA_AGENT" \
  --from-literal=BROKER_PASSWORD_COORDINATOR_AGENT="$BROKER_PASSWORD_COORDINATOR_AGENT"
apply ensemble-gateway \
  --from-literal=JWT_SECRET="$JWT_SECRET" \
  --from-literal=GATEWAY_BOOTSTRAP_API_KEY="$GATEWAY_BOOTSTRAP_API_KEY"
echo "secrets in namespace $ns created from $env_file"
