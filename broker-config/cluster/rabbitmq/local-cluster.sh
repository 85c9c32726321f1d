#!/usr/bin/env bash
# Starts a real two-node RabbitMQ cluster on this machine (loopback, plain MQTT),
# loads a provisioned definitions file (the central tier's accounts), and checks that
# a check-in the SITE-01 bridge publishes on node A reaches central-1 subscribed on
# node B, and that the manager alice cannot read it. Stops both nodes and their epmd.
# Usage: broker-config/cluster/rabbitmq/local-cluster.sh PROVISION_DIR
#   (made by npm run provision -- station ST-0001 --site SITE-01, central, bridge SITE-01, manager alice)
# Needs: apt-get install rabbitmq-server mosquitto-clients
set -euo pipefail
out=${1:?usage: $0 PROVISION_DIR (made by npm run provision -- station/central/bridge/manager ...)}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/vs-rabbit-cluster.XXXXXX)
epmd_port=${EPMD_PORT:-14369}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

json() { node -e "console.log(require(process.argv[1])$2)" "$1"; }
bridge_pw=$(sed -n 's/^remote_password //p' "$out/sites/SITE-01/edge.conf")
manager_pw=$(json "$out/managers/alice.json" .password)
central_pw=$(json "$out/central/central-1.json" .broker.password)

/usr/bin/epmd -port "$epmd_port" -address 127.0.0.1 & pids+=($!)
cp "$out/broker/central/rabbitmq-definitions.json" "$work/definitions.json"
cp "$here/enabled_plugins" "$work/"
printf 'cookie-%s' "$RANDOM$RANDOM" > "$work/.erlang.cookie"; chmod 400 "$work/.erlang.cookie"

start_node() { # name mqtt_port dist_port ws_port
  local name=$1 dir="$work/$1"
  mkdir -p "$dir"
  grep -vE '^(cluster_formation\.classic_config\.nodes|definitions\.local\.path|mqtt\.listeners|web_mqtt\.|ssl_options)' "$here/rabbitmq.conf" > "$dir/rabbitmq.conf"
  cat >> "$dir/rabbitmq.conf" <<CONF
cluster_formation.classic_config.nodes.1 = vsa@localhost
cluster_formation.classic_config.nodes.2 = vsb@localhost
definitions.local.path = $work/definitions.json
mqtt.listeners.tcp.default = 127.0.0.1:$2
web_mqtt.tcp.ip = 127.0.0.1
web_mqtt.tcp.port = $4
CONF
  HOME=$work ERL_EPMD_PORT=$epmd_port RABBITMQ_NODENAME=$name@localhost RABBITMQ_CONF_ENV_FILE=/dev/null \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$work/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_LOGS="$dir/node.log" RABBITMQ_DIST_PORT=$3 \
    /usr/lib/rabbitmq/bin/rabbitmq-server > "$dir/stdout.log" 2>&1 &
  pids+=($!)
}
wait_port() { for _ in $(seq 1 180); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 1; done; echo "port $1 never opened" >&2; return 1; }

start_node vsa 18831 25681 18841
start_node vsb 18832 25682 18842
wait_port 18831; wait_port 18832
echo "cluster: both nodes listening"
ctl() { HOME=$work ERL_EPMD_PORT=$epmd_port RABBITMQ_CONF_ENV_FILE=/dev/null /usr/lib/rabbitmq/bin/rabbitmqctl -n vsa@localhost "$@"; }
ctl cluster_status --formatter json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log("cluster: running nodes", j.running_nodes.join(", "))})'

msg="{\"v\":1,\"probe\":\"$RANDOM\"}"
mosquitto_sub -h 127.0.0.1 -p 18832 -u central-1 -P "$central_pw" -i central-cluster-check -t 'vs/v1/stations/+/checkins' -C 1 -W 20 > "$work/central.out" & sub_central=$!
mosquitto_sub -h 127.0.0.1 -p 18832 -u alice -P "$manager_pw" -i console-cluster-check -t 'vs/v1/stations/+/checkins' -C 1 -W 8 > "$work/manager.out" 2>&1 & sub_manager=$!
sleep 3
mosquitto_pub -h 127.0.0.1 -p 18831 -u bridge-SITE-01 -P "$bridge_pw" -i bridge-SITE-01 -t vs/v1/stations/ST-0001/checkins -q 1 -m "$msg"
wait $sub_central || true; wait $sub_manager || true
if [ "$(cat "$work/central.out")" = "$msg" ]; then echo "cluster: check-in published on vsa reached central-1 on vsb"; else echo "cluster: FAILED, central-1 got: $(cat "$work/central.out")"; exit 1; fi
if grep -q probe "$work/manager.out"; then echo "cluster: FAILED, the manager read a check-in"; exit 1; else echo "cluster: the manager on vsb received no check-in"; fi
