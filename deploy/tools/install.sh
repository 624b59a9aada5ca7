#!/usr/bin/env bash
# Installs the real tools the ops tests check deployment files with, into .cache/ (gitignored).
# Idempotent: each tool is stamped with its pinned version and skipped when already there.
#
#   .cache/bin/kustomize      sigs.k8s.io/kustomize/kustomize/v5   (go install)
#   .cache/bin/kubeconform    github.com/yannh/kubeconform         (go install)
#   .cache/bin/composecheck   compose-go, the loader of `docker compose` (deploy/tools/composecheck)
#   .cache/node/              @asyncapi/parser, the official AsyncAPI parser (npm, no lock file)
#   .cache/tools-venv/        openapi-spec-validator, kubernetes-validate (PyPI)
#   .cache/schemas/           JSON schemas for kubeconform: Kubernetes kinds from the
#                             kubernetes-validate wheel, KEDA kinds from KEDA's own CRDs
# promtool and prometheus come from Debian's `prometheus` package (checked, not installed here).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TOOLS=$ROOT/deploy/tools
CACHE=$ROOT/.cache
BIN=$CACHE/bin
PYTHON=${PYTHON:-python3}

KUSTOMIZE_VERSION=v5.7.1
KUBECONFORM_VERSION=v0.7.0
KEDA_VERSION=v2.21.0
OPENAPI_SPEC_VALIDATOR_VERSION=0.9.0
KUBERNETES_VALIDATE_VERSION=1.37.0
# The Kubernetes API version the manifests are validated against.
KUBERNETES_SCHEMA_VERSION=1.33.0

mkdir -p "$BIN" "$CACHE/stamps"

stamp_ok() { [[ -f "$CACHE/stamps/$1" && "$(cat "$CACHE/stamps/$1")" == "$2" ]]; }
stamp() { echo "$2" >"$CACHE/stamps/$1"; }

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "install.sh: $1 is required ($2)" >&2; exit 1; }
}

go_tool() { # name module@version
  if stamp_ok "$1" "$2" && [[ -x "$BIN/$1" ]]; then return; fi
  need go "Go toolchain"
  echo "installing $2"
  GOBIN=$BIN GOFLAGS=-buildvcs=false go install "$2"
  stamp "$1" "$2"
}

go_tool kustomize "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
go_tool kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"

compose_sum=$(cat "$TOOLS/composecheck/go.mod" "$TOOLS/composecheck/go.sum" "$TOOLS/composecheck/main.go" | sha256sum | cut -c1-16)
if ! stamp_ok composecheck "$compose_sum" || [[ ! -x "$BIN/composecheck" ]]; then
  need go "Go toolchain"
  echo "building composecheck"
  (cd "$TOOLS/composecheck" && GOBIN=$BIN GOFLAGS=-buildvcs=false go install .)
  stamp composecheck "$compose_sum"
fi

node_sum=$(sha256sum "$TOOLS/package.json" | cut -c1-16)
if ! stamp_ok node "$node_sum" || [[ ! -d "$CACHE/node/node_modules/@asyncapi/parser" ]]; then
  need npm "Node.js and npm"
  echo "installing node tools"
  mkdir -p "$CACHE/node"
  cp "$TOOLS/package.json" "$CACHE/node/package.json"
  # No lock file: lock files record download addresses, which this repository does not keep.
  (cd "$CACHE/node" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
  stamp node "$node_sum"
fi

venv_want="openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
if ! stamp_ok tools-venv "$venv_want" || [[ ! -x "$CACHE/tools-venv/bin/openapi-spec-validator" ]]; then
  echo "installing Python validators"
  rm -rf "$CACHE/tools-venv"
  "$PYTHON" -m venv "$CACHE/tools-venv"
  # shellcheck disable=SC2086
  "$CACHE/tools-venv/bin/pip" install --quiet --disable-pip-version-check $venv_want
  stamp tools-venv "$venv_want"
fi

schema_want="k8s=$KUBERNETES_SCHEMA_VERSION kv=$KUBERNETES_VALIDATE_VERSION keda=$KEDA_VERSION $(sha256sum "$TOOLS/crd_schemas.py" | cut -c1-16)"
if ! stamp_ok schemas "$schema_want" || [[ ! -d "$CACHE/schemas/kubernetes" ]]; then
  need go "Go toolchain (KEDA's CRDs come from its Go module)"
  echo "preparing JSON schemas"
  keda_dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" \
    | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
  rm -rf "$CACHE/schemas"
  "$CACHE/tools-venv/bin/python" "$TOOLS/crd_schemas.py" \
    --kubernetes-version "$KUBERNETES_SCHEMA_VERSION" \
    --crds "$keda_dir/config/crd/bases" \
    --out "$CACHE/schemas"
  stamp schemas "$schema_want"
fi

if ! command -v promtool >/dev/null 2>&1; then
  echo "install.sh: promtool not found; install Debian's prometheus package" >&2
  exit 1
fi
echo "ops tools ready in .cache/"
