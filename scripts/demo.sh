#!/usr/bin/env bash
# make demo: the provider working offline.
#
# Builds the provider and the fake server from this tree, starts the fake on a
# loopback port with recorded answers, and runs `terraform plan` on
# examples/demo through a temporary CLI configuration whose dev_overrides use
# the provider just built. No credentials (the fake's published test keys),
# no network, and everything lives in one temporary directory that is removed
# on exit, with the fake server stopped, whatever happens.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scenarios="skillscan-paid-unicode,bill-amounts"
# The fake server's published test key pair (internal/fakeserver/auth.go);
# it is worth nothing anywhere else.
test_secret_id="AKIDtcintlFakeServerTestKey000000001"
test_secret_key="tcintlFakeServerTestSecret0000001"

if ! command -v terraform >/dev/null 2>&1; then
  echo "demo: terraform is not on PATH. Install Terraform 1.5 or later" \
    "(https://developer.hashicorp.com/terraform/install); the demo never downloads one." >&2
  exit 1
fi
if ! command -v go >/dev/null 2>&1; then
  echo "demo: go is not on PATH; the demo builds the provider from this tree." >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tcintl-demo.XXXXXX")"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# Turn signals into an exit so the EXIT trap always runs.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Building the provider and the fake server"
(
  cd "$root"
  go build -o "$work/plugins/terraform-provider-tcintl" .
  go build -o "$work/tcintl-fakeserver" ./cmd/tcintl-fakeserver
)

echo "==> Starting the fake server on 127.0.0.1 (recorded scenarios: $scenarios)"
"$work/tcintl-fakeserver" -listen 127.0.0.1:0 -scenarios "$scenarios" -url-file "$work/url" \
  >"$work/fakeserver.out" 2>"$work/fakeserver.log" &
server_pid=$!

# The server writes its URL once it listens; give it 15 seconds.
url=""
for _ in $(seq 1 150); do
  if [[ -s "$work/url" ]]; then
    url="$(head -n 1 "$work/url")"
    [[ "$url" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && break
    url=""
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "demo: the fake server exited:" >&2
    cat "$work/fakeserver.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "demo: the fake server did not report its URL within 15 seconds:" >&2
  cat "$work/fakeserver.log" >&2
  exit 1
fi

# The demo configuration as a user would write it, plus an override file
# (merged into its provider block) that sends every call to the fake.
mkdir "$work/demo"
cp "$root"/examples/demo/*.tf "$work/demo/"
cat >"$work/demo/zz_fake_override.tf" <<EOF
provider "tcintl" {
  endpoints {
    csip            = "$url"
    intlpartnersmgt = "$url"
    sts             = "$url"
  }
}
EOF
cat >"$work/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/tcintl/tcintl" = "$work/plugins"
  }
  direct {}
}
EOF

# The child terraform gets only the demo's settings: none of the caller's
# TENCENTCLOUD_* or TF_* (TF_LOG aside) can change what it does.
unset_args=()
while IFS= read -r name; do
  case "$name" in
    TENCENTCLOUD_* | TF_*) [[ "$name" == TF_LOG* ]] || unset_args+=(-u "$name") ;;
  esac
done < <(compgen -e)
# Colour only on a terminal. (The ${a[@]+...} forms below keep empty arrays
# working under set -u in bash before 4.4.)
color=()
[[ -t 1 ]] || color=(-no-color)

echo "==> terraform plan of examples/demo against the fake server at $url"
echo
# TMPDIR inside $work: the provider keeps per-user state (shared pacing) in
# the temporary directory, and the demo leaves nothing behind.
mkdir "$work/tmp"
env ${unset_args[@]+"${unset_args[@]}"} \
  TMPDIR="$work/tmp" \
  TF_CLI_CONFIG_FILE="$work/cli.tfrc" \
  TF_DATA_DIR="$work/demo/.terraform" \
  TF_IN_AUTOMATION=1 \
  CHECKPOINT_DISABLE=1 \
  TENCENTCLOUD_SECRET_ID="$test_secret_id" \
  TENCENTCLOUD_SECRET_KEY="$test_secret_key" \
  terraform -chdir="$work/demo" plan -input=false ${color[@]+"${color[@]}"}

echo
echo "==> Requests the fake server answered (note the bill lookups paced at 1 per second)"
cat "$work/fakeserver.log"
