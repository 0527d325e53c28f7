#!/usr/bin/env bash
# synthmix cluster test: a real Spark standalone cluster (1 master, 2 workers) on 127.0.0.1, built
# from the Spark jars Maven resolved (no Spark download), running the shaded jar the way
# spark-submit does on a cluster, and checking that its tables equal a local-mode run's.
#
#   scripts/cluster-test.sh            # exit 0 = every phase passed; the summary is on stdout
#
# Phases:
#   build      scripts/synthmix --help (the launcher's own stale check + mvn package)
#   spark-home a temporary SPARK_HOME whose jars/ links to jobs/target/spark-classpath.txt
#   cluster    Master + 2 Workers (1 core, 1g each), waits for 2 ALIVE workers in the master's JSON
#   local      reference run: scripts/synthmix with SYNTHMIX_MASTER=local[2] (by default beside
#              the client run: it uses no worker)
#   client     scripts/synthmix with SYNTHMIX_MASTER=spark://... --deploy-mode client
#   cluster-dm --deploy-mode cluster: the driver runs inside a Worker (DriverWrapper); the submitting
#              JVM waits (spark.standalone.submit.waitAppCompletion); the standalone client exits
#              0 whatever the driver's state, so the launcher polls the driver's state in the
#              master's JSON (scripts/driver-outcome.sh) and exits with it (FINISHED 0, FAILED != 0). -D settings cannot reach that driver from the
#              launcher's JVM, so they go in spark.driver.extraJavaOptions.
#   fault      a second client-mode run; when an executor logs its first task, wait
#              CLUSTER_TEST_FAULT_DELAY s, then kill -9 the Worker whose executor has a task in
#              flight (its log shows more tasks started than finished). The worker is NOT
#              replaced: the run must finish on the surviving worker's executor (lost tasks and
#              shuffle output are recomputed by Spark) and exit as expected.
#   rerun      the command once more on the local warehouse (a scheduler retrying the night);
#              compare then checks its tables against a copy of the first run's
#   compare    one `sql` run (local mode) reads every table of every warehouse by path (all but
#              `runs`, the log of runs); each cluster warehouse's rows, as JSON, must equal the local
#              run's, with the warehouse path and lineage.generated_at masked and numbers compared
#              to 6 significant digits.
#
# Environment (all optional):
#   CLUSTER_TEST_COMMAND      the synthmix command under test (default nightly; e.g. demo)
#   CLUSTER_TEST_ARGS         arguments after the command (default --date <today, UTC>: an earlier
#                             date is a backfill, which ingests nothing)
#   CLUSTER_TEST_SETTINGS     -D settings for every run (default: nightly on the embedded demo, a
#                             tenth of the corpus, small generated sets)
#   CLUSTER_TEST_EXPECT_EXIT  expected exit code of the command (default 1: the demo's sets leak
#                             real text on purpose, so the leakage gate fails after all outputs
#                             are written; for a cluster-mode driver that is state FAILED)
#   CLUSTER_TEST_DEPLOY_CLUSTER  1 (default) to run the --deploy-mode cluster phase, 0 to skip it
#   CLUSTER_TEST_FAULT        1 (default) to run the fault phase, 0 to skip it
#   CLUSTER_TEST_FAULT_DELAY  seconds between the first task and the kill (default 3)
#   CLUSTER_TEST_RUN_TIMEOUT  seconds allowed per run (default 900)
#   CLUSTER_TEST_PARALLEL     1 (default): the local run beside the client-mode run; 0: one by one
#   CLUSTER_TEST_RERUN        1 (default) to run the rerun phase, 0 to skip it
#   CLUSTER_TEST_KEEP         1 to keep the temporary folder (logs, warehouses) even on success
#
# Every process this script starts is recorded by pid and killed on exit (trap), children first;
# nothing is killed by name. Everything listens on 127.0.0.1 only (SPARK_LOCAL_IP, --host).
set -uo pipefail

CLUSTER_TEST_COMMAND="${CLUSTER_TEST_COMMAND:-nightly}"
CLUSTER_TEST_ARGS="${CLUSTER_TEST_ARGS---date $(date -u +%F)}"
CLUSTER_TEST_SETTINGS="${CLUSTER_TEST_SETTINGS:--Dsynthmix.nightly.embedded-demo=true -Dsynthmix.demo.corpus-fraction=0.1 -Dsynthmix.demo.markov.fraction=0.05 -Dsynthmix.demo.perturb.fraction=0.05 -Dsynthmix.demo.sentence-mix.fraction=0.05}"
CLUSTER_TEST_EXPECT_EXIT="${CLUSTER_TEST_EXPECT_EXIT:-1}"
CLUSTER_TEST_DEPLOY_CLUSTER="${CLUSTER_TEST_DEPLOY_CLUSTER:-1}"
CLUSTER_TEST_FAULT="${CLUSTER_TEST_FAULT:-1}"
CLUSTER_TEST_FAULT_DELAY="${CLUSTER_TEST_FAULT_DELAY:-3}"
CLUSTER_TEST_RUN_TIMEOUT="${CLUSTER_TEST_RUN_TIMEOUT:-900}"
CLUSTER_TEST_KEEP="${CLUSTER_TEST_KEEP:-0}"
CLUSTER_TEST_PARALLEL="${CLUSTER_TEST_PARALLEL:-1}"
CLUSTER_TEST_RERUN="${CLUSTER_TEST_RERUN:-1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER="$ROOT/scripts/synthmix"
JAR="$ROOT/jobs/target/synthmix-jobs.jar"
CLASSPATH_FILE="$ROOT/jobs/target/spark-classpath.txt"
JVM_FLAGS="$(sed -n 's/^spark\.java17\.flags=//p' "$ROOT/conf/jvm-flags.properties")"
LOG4J="$ROOT/conf/log4j2.properties"

TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/synthmix-cluster-test.XXXXXX")"
LOGS="$TEST_DIR/logs"
mkdir -p "$LOGS"
# Settings reach a cluster-mode driver through spark.driver.extraJavaOptions, a space-separated
# list: paths with spaces would break it.
if [[ "$TEST_DIR" == *" "* ]]; then
  echo "cluster-test: the temporary folder must not contain spaces: $TEST_DIR" >&2
  exit 2
fi

# Everything Spark starts binds to loopback; drivers launched by a Worker advertise 127.0.0.1.
export SPARK_LOCAL_IP=127.0.0.1
export SPARK_MASTER_HOST=127.0.0.1
export SPARK_LOCAL_HOSTNAME=127.0.0.1

# ---------------------------------------------------------------------------------------------
# bookkeeping: pids, phases, summary
PIDS=()          # processes started here (daemons, background runs)
ORPHANS=()       # executors of a killed worker (re-parented to init, so not found as children)
PHASES=()
FAILED=0
COMPLETED=0      # set by the last phase; anything else ending the script is a failure
T_START=$(date +%s)

now() { date +%s; }
log() { printf '%s cluster-test: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
record() { # name seconds result detail
  PHASES+=("$(printf '%-11s %6ss  %-4s  %s' "$1" "$2" "$3" "$4")")
  [[ "$3" == PASS || "$3" == SKIP ]] || FAILED=1
  log "phase $1: $3 ($2 s) $4"
}

descendants() { # pid -> every descendant pid, deepest first
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$c"
    echo "$c"
  done
}

alive() { kill -0 "$1" 2>/dev/null; }

stop_all() {
  local victims=() p i
  for p in "${PIDS[@]}"; do
    victims+=($(descendants "$p") "$p")
  done
  victims+=("${ORPHANS[@]}")
  for p in "${victims[@]}"; do
    alive "$p" && kill -TERM "$p" 2>/dev/null
  done
  for i in $(seq 1 20); do
    local left=0
    for p in "${victims[@]}"; do alive "$p" && left=1; done
    [[ $left -eq 0 ]] && break
    sleep 0.5
  done
  for p in "${victims[@]}"; do
    alive "$p" && kill -KILL "$p" 2>/dev/null
  done
  PIDS=()
  ORPHANS=()
}

summary() {
  echo
  echo "synthmix cluster test: command '$CLUSTER_TEST_COMMAND', $(($(now) - T_START)) s in all"
  printf '%s\n' "${PHASES[@]}"
  if [[ $FAILED -eq 0 ]]; then echo "RESULT: PASS"; else echo "RESULT: FAIL (logs: $TEST_DIR)"; fi
}

on_exit() {
  local status=$?
  # An error that ended the script early (e.g. a syntax error) must not read as a pass.
  if [[ "$COMPLETED" != 1 ]]; then
    FAILED=1
    PHASES+=("$(printf '%-11s %6ss  %-4s  %s' incomplete 0 FAIL "the script stopped before its last phase (status $status)")")
  fi
  stop_all
  summary
  if [[ $FAILED -eq 0 && "$CLUSTER_TEST_KEEP" != 1 ]]; then
    rm -rf "$TEST_DIR"
  else
    echo "kept: $TEST_DIR"
  fi
  exit $FAILED
}
trap on_exit EXIT
trap 'FAILED=1; record interrupted 0 FAIL "signal received"; exit' INT TERM HUP

# A port nobody listens on now, never one handed out before in this run.
TAKEN_PORTS=" "
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    [[ "$TAKEN_PORTS" == *" $p "* ]] && continue
    if command -v ss >/dev/null 2>&1; then
      ss -Htln "sport = :$p" 2>/dev/null | grep -q . && continue
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    TAKEN_PORTS+="$p "
    echo "$p"
    return 0
  done
  return 1
}

master_json() { curl -fsS --max-time 5 "http://127.0.0.1:$MASTER_UI/json/" 2>/dev/null; }

read -r -a SETTINGS <<<"$CLUSTER_TEST_SETTINGS"
read -r -a CMD_ARGS <<<"$CLUSTER_TEST_ARGS"

# ---------------------------------------------------------------------------------------------
# build
t=$(now)
if "$LAUNCHER" --help >"$LOGS/build.log" 2>&1 && [[ -f "$JAR" && -f "$CLASSPATH_FILE" ]]; then
  record build $(($(now) - t)) PASS "$JAR"
else
  record build $(($(now) - t)) FAIL "see $LOGS/build.log"
  exit
fi

# ---------------------------------------------------------------------------------------------
# spark-home: jars/ holds links to the Maven-resolved Spark, Scala and Hadoop jars. A Worker
# builds executor and driver class paths from $SPARK_HOME/jars; without a launcher/target build
# folder it needs SPARK_SCALA_VERSION to be set.
t=$(now)
export SPARK_HOME="$TEST_DIR/spark-home"
export SPARK_SCALA_VERSION=2.12
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
n=0
while IFS= read -r jar || [[ -n "$jar" ]]; do
  [[ -z "$jar" ]] && continue
  ln -sf "$jar" "$SPARK_HOME/jars/" && n=$((n + 1))
done < <(tr ':' '\n' <"$CLASSPATH_FILE")
if [[ -f "$(echo "$SPARK_HOME"/jars/spark-core_2.12-*.jar)" && -n "$(echo "$SPARK_HOME"/jars/scala-library-*.jar)" ]]; then
  record spark-home $(($(now) - t)) PASS "$n jars linked"
else
  record spark-home $(($(now) - t)) FAIL "spark-core or scala-library missing from $CLASSPATH_FILE"
  exit
fi

# ---------------------------------------------------------------------------------------------
# cluster: 1 master, 2 workers; daemons get small heaps (they only schedule).
t=$(now)
MASTER_PORT=$(free_port) && MASTER_UI=$(free_port) || { record cluster 0 FAIL "no free port"; exit; }
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"
# shellcheck disable=SC2086  # JVM_FLAGS is a word list on purpose
java $JVM_FLAGS -Xmx256m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI" >"$LOGS/master.log" 2>&1 &
MASTER_PID=$!
PIDS+=("$MASTER_PID")
disown "$MASTER_PID" # no job-control notice when it is killed; the pid is kept above

WORKER_PIDS=()
start_worker() { # index
  local i=$1 ui
  ui=$(free_port) || return 1
  mkdir -p "$TEST_DIR/work-$i"
  # shellcheck disable=SC2086
  java $JVM_FLAGS -Xmx256m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
    --host 127.0.0.1 --webui-port "$ui" --cores 1 --memory 1g --work-dir "$TEST_DIR/work-$i" \
    >"$LOGS/worker-$i.log" 2>&1 &
  WORKER_PIDS[$i]=$!
  PIDS+=("$!")
  disown "$!"
}

alive_workers() { master_json | tr -d ' \n' | grep -o '"aliveworkers":[0-9]*' | cut -d: -f2; }

ok=0
if start_worker 1 && start_worker 2; then
  for _ in $(seq 1 120); do
    [[ "$(alive_workers)" == 2 ]] && ok=1 && break
    alive "$MASTER_PID" || break
    sleep 1
  done
fi
if [[ $ok -eq 1 ]]; then
  record cluster $(($(now) - t)) PASS "master $MASTER_URL (UI 127.0.0.1:$MASTER_UI, pid $MASTER_PID), workers pids ${WORKER_PIDS[1]} ${WORKER_PIDS[2]}"
else
  record cluster $(($(now) - t)) FAIL "2 ALIVE workers not reported; see $LOGS/master.log, worker-*.log"
  exit
fi

# ---------------------------------------------------------------------------------------------
# spark-submit settings. A properties file, because SYNTHMIX_SPARK_CONF is split on spaces and
# the executors' Java 17 flags are one value with spaces. 8 shuffle partitions in every mode
# (what local[2] gets by default), so that all runs plan the same way.
COMMON_PROPS="spark.ui.enabled false
spark.sql.shuffle.partitions 8
spark.databricks.delta.snapshotPartitions 2
spark.executor.memory 512m
spark.executor.cores 1
spark.executor.extraJavaOptions $JVM_FLAGS"
printf '%s\nspark.driver.host 127.0.0.1\nspark.driver.bindAddress 127.0.0.1\n' "$COMMON_PROPS" \
  >"$TEST_DIR/client.properties"

# Runs the launcher; extra environment in the arguments before "--". Output in $LOGS/<label>.*
launch() { # label warehouse [VAR=value ...] --
  local label=$1 wh=$2
  shift 2
  local envs=()
  while [[ $# -gt 0 && "$1" != -- ]]; do envs+=("$1"); shift; done
  env "${envs[@]}" timeout "$CLUSTER_TEST_RUN_TIMEOUT" "$LAUNCHER" "${SETTINGS[@]}" -Dsynthmix.warehouse="$wh" \
    "$CLUSTER_TEST_COMMAND" "${CMD_ARGS[@]}" >"$LOGS/$label.out" 2>"$LOGS/$label.err"
}

check_exit() { # phase seconds code detail
  if [[ "$3" == "$CLUSTER_TEST_EXPECT_EXIT" ]]; then
    record "$1" "$2" PASS "exit $3; $4"
    return 0
  fi
  record "$1" "$2" FAIL "exit $3 (expected $CLUSTER_TEST_EXPECT_EXIT); see $LOGS/$1.err"
  return 1
}

WAREHOUSES=()  # label=path of the runs that passed, compared with the local one

# ---------------------------------------------------------------------------------------------
# local: the reference. It needs no worker, so by default it runs beside the client-mode run
# (CLUSTER_TEST_PARALLEL=1); its phase time then includes sharing the CPUs with that run.
run_local() {
  local t0 code
  t0=$(now)
  launch local "$TEST_DIR/wh-local" SYNTHMIX_MASTER='local[2]' SYNTHMIX_DRIVER_MEMORY=1g \
    SYNTHMIX_SPARK_CONF="--conf spark.sql.shuffle.partitions=8 --conf spark.ui.enabled=false" --
  code=$?
  echo "$code $(($(now) - t0))" >"$TEST_DIR/local.result"
}
record_local() {
  local code secs
  read -r code secs <"$TEST_DIR/local.result" || { code=none; secs=0; }
  check_exit local "$secs" "$code" "warehouse $TEST_DIR/wh-local${1:-}" || return 1
  # The first run's tables, kept for the rerun phase (Delta tables hold relative paths: a copy reads).
  cp -a "$TEST_DIR/wh-local" "$TEST_DIR/wh-first"
}
if [[ "$CLUSTER_TEST_PARALLEL" == 1 ]]; then
  run_local &
  local_pid=$!
  PIDS+=("$local_pid")
else
  run_local
  record_local || exit
fi

# ---------------------------------------------------------------------------------------------
# client: the same launcher, master spark://
t=$(now)
launch client "$TEST_DIR/wh-client" SYNTHMIX_MASTER="$MASTER_URL" SYNTHMIX_DRIVER_MEMORY=1g \
  SYNTHMIX_SPARK_CONF="--deploy-mode client --properties-file $TEST_DIR/client.properties" --
code=$? # before any other expansion: $(now) below would reset $?
check_exit client $(($(now) - t)) "$code" "$MASTER_URL${local_pid:+ (beside the local run)}" && WAREHOUSES+=("client=$TEST_DIR/wh-client")

if [[ "$CLUSTER_TEST_PARALLEL" == 1 ]]; then
  wait "$local_pid"
  record_local " (beside the client run)" || exit
fi

# ---------------------------------------------------------------------------------------------
# cluster-dm: the driver runs in a Worker, so it takes that worker's only core and the app gets
# one executor on the other worker. Its stdout/stderr are in the worker's driver-* folder.
if [[ "$CLUSTER_TEST_DEPLOY_CLUSTER" == 1 ]]; then
  t=$(now)
  wh="$TEST_DIR/wh-cluster"
  {
    printf '%s\n' "$COMMON_PROPS"
    echo "spark.driver.memory 768m"
    echo "spark.driver.cores 1"
    echo "spark.standalone.submit.waitAppCompletion true"
    echo "spark.driver.extraJavaOptions $JVM_FLAGS -Dlog4j2.configurationFile=$LOG4J ${SETTINGS[*]} -Dsynthmix.warehouse=$wh"
  } >"$TEST_DIR/cluster.properties"
  before="$(ls -d "$TEST_DIR"/work-*/driver-* 2>/dev/null)"
  # The launcher polls the driver's state in the master's JSON and exits with its outcome.
  launch cluster-dm "$wh" SYNTHMIX_MASTER="$MASTER_URL" SYNTHMIX_DRIVER_MEMORY=256m \
    SYNTHMIX_MASTER_JSON="http://127.0.0.1:$MASTER_UI/json/" SYNTHMIX_DRIVER_POLL_SECONDS=2 \
    SYNTHMIX_SPARK_CONF="--deploy-mode cluster --properties-file $TEST_DIR/cluster.properties" --
  code=$?
  secs=$(($(now) - t))
  driver_dir="$(comm -13 <(echo "$before") <(ls -d "$TEST_DIR"/work-*/driver-* 2>/dev/null) | head -n 1)"
  driver_id="$(basename "${driver_dir:-none}")"
  state="$(master_json | tr -d ' \n' | grep -o "\"id\":\"$driver_id\",[^}]*" | grep -o '"state":"[A-Z]*"' | cut -d'"' -f4)"
  [[ -n "$driver_dir" ]] && cp "$driver_dir/stdout" "$LOGS/cluster-dm.driver.out" 2>/dev/null &&
    cp "$driver_dir/stderr" "$LOGS/cluster-dm.driver.err" 2>/dev/null
  want=FINISHED
  [[ "$CLUSTER_TEST_EXPECT_EXIT" != 0 ]] && want=FAILED
  # The launcher's exit is the driver's outcome: 0 when FINISHED, non-zero when FAILED.
  if [[ "$state" == "$want" ]] && { [[ $want == FINISHED && $code -eq 0 ]] || [[ $want == FAILED && $code -ne 0 ]]; }; then
    record cluster-dm $secs PASS "driver $driver_id $state on a worker; launcher exit $code"
    WAREHOUSES+=("cluster-dm=$wh")
  else
    record cluster-dm $secs FAIL "launcher exit $code, driver ${driver_id} state '${state}' (want $want); see $LOGS/cluster-dm.*"
  fi
else
  record cluster-dm 0 SKIP "CLUSTER_TEST_DEPLOY_CLUSTER=$CLUSTER_TEST_DEPLOY_CLUSTER"
fi

# ---------------------------------------------------------------------------------------------
# fault: kill -9 the worker whose executor runs the first task, a few seconds in; not replaced.
if [[ "$CLUSTER_TEST_FAULT" == 1 ]]; then
  t=$(now)
  marker="$TEST_DIR/fault.start"
  touch "$marker"
  sleep 1 # executor logs of this run are newer than the marker
  launch fault "$TEST_DIR/wh-fault" SYNTHMIX_MASTER="$MASTER_URL" SYNTHMIX_DRIVER_MEMORY=1g \
    SYNTHMIX_SPARK_CONF="--deploy-mode client --properties-file $TEST_DIR/client.properties" -- &
  run_pid=$!
  PIDS+=("$run_pid")
  victim=""
  note=""
  while alive "$run_pid"; do
    first="$(find "$TEST_DIR"/work-* -path '*/app-*' -name stderr -newer "$marker" 2>/dev/null |
      xargs -r grep -l 'Running task' 2>/dev/null | head -n 1)"
    if [[ -n "$first" ]]; then
      victim="$(echo "$first" | sed -n 's|.*/work-\([0-9]*\)/.*|\1|p')"
      break
    fi
    sleep 0.5
  done
  if [[ -n "$victim" ]]; then
    sleep "$CLUSTER_TEST_FAULT_DELAY"
    # Executor pids now, so that the kill follows the in-flight check as closely as possible.
    declare -A EXECUTOR_PIDS=([1]="$(descendants "${WORKER_PIDS[1]}" | tr '\n' ' ')"
      [2]="$(descendants "${WORKER_PIDS[2]}" | tr '\n' ' ')")
    # Then aim at a task in flight: the first executor of this run with more tasks started than
    # finished (its own log says so), for at most 60 s; else the first one seen above.
    for _ in $(seq 1 120); do
      busy=""
      for f in $(find "$TEST_DIR"/work-* -path '*/app-*' -name stderr -newer "$marker" 2>/dev/null); do
        if [[ $(grep -c 'Running task' "$f") -gt $(grep -c 'Finished task' "$f") ]]; then
          busy="$f"
          break
        fi
      done
      [[ -n "$busy" ]] && break
      alive "$run_pid" || break
      sleep 0.5
    done
    [[ -n "$busy" ]] && victim="$(echo "$busy" | sed -n 's|.*/work-\([0-9]*\)/.*|\1|p')"
    vpid=${WORKER_PIDS[$victim]}
    executors="${EXECUTOR_PIDS[$victim]}"
    ORPHANS+=($executors)
    if alive "$run_pid"; then
      kill -KILL "$vpid" 2>/dev/null
      note="killed worker-$victim (pid $vpid, executor pids ${executors% }) $(($(now) - t)) s into the run, ${busy:+with a task in flight, }>= $CLUSTER_TEST_FAULT_DELAY s after the first task"
      log "$note"
    else
      note="the run ended before the kill"
    fi
  else
    note="no executor task seen before the run ended"
  fi
  wait "$run_pid"
  code=$?
  secs=$(($(now) - t))
  lost=$(grep -c -E 'Lost executor|Lost task|ExecutorLostFailure|FetchFailed' "$LOGS/fault.err")
  # A task lost with its executor is re-run as attempt N.1 (the driver logs that at INFO only).
  retried=$(find "$TEST_DIR"/work-* -path '*/app-*' -name stderr -newer "$marker" 2>/dev/null |
    xargs -r cat | grep -c -E 'Running task [0-9]+\.[1-9][0-9]* ')
  if [[ "$note" != killed* ]]; then
    record fault $secs FAIL "fault not injected: $note (exit $code)"
  elif [[ "$code" != "$CLUSTER_TEST_EXPECT_EXIT" ]]; then
    record fault $secs FAIL "$note; exit $code (expected $CLUSTER_TEST_EXPECT_EXIT); see $LOGS/fault.err"
  else
    record fault $secs PASS "$note; exit $code; driver log lines on lost executors/tasks: $lost; task attempts re-run: $retried"
    grep -E 'Lost executor|Lost task|ExecutorLostFailure|FetchFailed' "$LOGS/fault.err" | head -n 5 | cut -c1-200 >&2
    WAREHOUSES+=("fault=$TEST_DIR/wh-fault")
  fi
  still=""
  for p in "${ORPHANS[@]}"; do alive "$p" && still+="$p "; done
  [[ -n "$still" ]] && log "executors of the killed worker still alive (killed at exit): $still"
else
  record fault 0 SKIP "CLUSTER_TEST_FAULT=$CLUSTER_TEST_FAULT"
fi

# The cluster is no longer needed: free its memory before the comparison.
stop_all

# ---------------------------------------------------------------------------------------------
# rerun: the same command again on the local warehouse, as a scheduler retrying a night would.
# The compare phase then checks its tables against the first run's copy (and the cluster runs'):
# no duplicate rows, nothing lost, the same contents.
if [[ "$CLUSTER_TEST_RERUN" == 1 ]]; then
  t=$(now)
  launch rerun "$TEST_DIR/wh-local" SYNTHMIX_MASTER='local[2]' SYNTHMIX_DRIVER_MEMORY=1g \
    SYNTHMIX_SPARK_CONF="--conf spark.sql.shuffle.partitions=8 --conf spark.ui.enabled=false" --
  code=$?
  check_exit rerun $(($(now) - t)) "$code" "second run on $TEST_DIR/wh-local; its tables vs the first run's copy in compare" &&
    WAREHOUSES+=("first-run=$TEST_DIR/wh-first")
else
  record rerun 0 SKIP "CLUSTER_TEST_RERUN=$CLUSTER_TEST_RERUN"
fi

# ---------------------------------------------------------------------------------------------
# compare: one local-mode `sql` over every warehouse by path, split per warehouse and table.
t=$(now)
if [[ ${#WAREHOUSES[@]} -eq 0 ]]; then
  record compare 0 FAIL "no cluster run to compare"
  exit
fi
# Every table of the local run but runs (a log of runs), each row as JSON. What differs by
# design is masked: the warehouse path (in source_file), row_fingerprint (a hash over every stored
# column, source_file with its path included: the other columns are compared as they are) and
# lineage.generated_at (the wall clock of generation). Floating-point values are compared to 6
# significant digits, because sums over partitions may be added in a different order on a cluster.
TABLES=()
for d in "$TEST_DIR"/wh-local/*/_delta_log; do
  name="$(basename "$(dirname "$d")")" # not $t: that holds the phase's start time
  [[ "$name" == runs ]] || TABLES+=("$name")
done
query=""
for entry in "local=$TEST_DIR/wh-local" "${WAREHOUSES[@]}"; do
  label="${entry%%=*}"
  path="${entry#*=}"
  for name in "${TABLES[@]}"; do
    # The first run's copy names wh-local in its rows (source_file): masked the same way.
    query+="select '$label' as wh, '$name' as tbl, replace(replace(regexp_replace(to_json(struct(*)),"
    query+=" '\"(generated_at\":\"[^\"]*\",?|row_fingerprint\":\"[0-9a-f]*\")', ''), '$path', 'WH'), '$TEST_DIR/wh-local', 'WH') as j"
    query+=" from delta.\`$path/$name\` union all "
  done
done
query="${query% union all } order by wh, tbl, j"
SYNTHMIX_MASTER='local[2]' SYNTHMIX_DRIVER_MEMORY=1g SYNTHMIX_SPARK_CONF="--conf spark.ui.enabled=false" \
  timeout "$CLUSTER_TEST_RUN_TIMEOUT" "$LAUNCHER" -Dsynthmix.warehouse="$TEST_DIR/wh-local" sql "$query" \
  >"$LOGS/compare.tsv" 2>"$LOGS/compare.err"
code=$?
if [[ $code -ne 0 ]]; then
  record compare $(($(now) - t)) FAIL "sql exit $code; see $LOGS/compare.err"
  exit
fi
CMP="$TEST_DIR/compare"
mkdir -p "$CMP"
# Per warehouse and table: the JSON rows, numbers with a fraction rounded to 6 significant digits.
awk -F'\t' -v dir="$CMP" 'NR > 1 { f = dir "/" $1 "." $2 ".json"; sub(/^[^\t]*\t[^\t]*\t/, ""); print > f }' \
  "$LOGS/compare.tsv"
for f in "$CMP"/*.json; do
  perl -pe 's/(-?\d+\.\d+(?:[eE]-?\d+)?)/sprintf("%.6g", $1)/ge' "$f" | sort >"${f%.json}.tsv"
done
real_n=$(cat "$CMP/local.docs_real.tsv" 2>/dev/null | wc -l)
syn_n=$(cat "$CMP/local.docs_synthetic.tsv" 2>/dev/null | wc -l)
details="local: ${#TABLES[@]} tables, docs_real $real_n rows, docs_synthetic $syn_n rows"
bad=0
if [[ $real_n -eq 0 || $syn_n -eq 0 ]]; then
  details+="; empty reference table"
  bad=1
fi
for entry in "${WAREHOUSES[@]}"; do
  label="${entry%%=*}"
  same=0
  for tbl in "${TABLES[@]}"; do
    touch "$CMP/$label.$tbl.tsv" "$CMP/local.$tbl.tsv"
    if cmp -s "$CMP/local.$tbl.tsv" "$CMP/$label.$tbl.tsv"; then
      same=$((same + 1))
    else
      bad=1
      details+="; $label.$tbl DIFFERS ($(diff "$CMP/local.$tbl.tsv" "$CMP/$label.$tbl.tsv" | grep -c '^[<>]') lines)"
      diff "$CMP/local.$tbl.tsv" "$CMP/$label.$tbl.tsv" >"$LOGS/diff.$label.$tbl.txt"
    fi
  done
  details+="; $label: $same of ${#TABLES[@]} tables identical"
done
if [[ $bad -eq 0 ]]; then
  record compare $(($(now) - t)) PASS "$details"
else
  record compare $(($(now) - t)) FAIL "$details"
fi
COMPLETED=1
exit
