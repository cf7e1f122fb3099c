#!/usr/bin/env bash
# The transfer4j command line: ./transfer4j.sh finetune | predict | evaluate | inspect | study | sweep | domain | text-study ...
# Builds what is needed first, only when a source or pom changed since the last build, then runs the command.
# --help on any command lists its options.
set -euo pipefail
cd "$(dirname "$0")"
stamp=apps/target/.transfer4j-built
if [ ! -f "$stamp" ] || [ ! -f apps/target/classpath.txt ] \
   || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  # Maven's own output (with the colour codes it prints even in batch mode) goes to a log, shown only if the build fails.
  log=$(mktemp)
  if ! mvn -B -q -Dstyle.color=never -DskipTests -pl apps -am package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >"$log" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
    rm -f "$log"
    echo "transfer4j.sh: the build failed (Maven's output above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi
# Training runs go side by side, one per core, with one native thread each: on these small CNNs a second
# OpenMP thread adds almost nothing (see dl4j-transfer runtime/Threads.java). Set OMP_NUM_THREADS to override.
# The text study runs one model at a time: it keeps both cores for each op.
if [ "${1:-}" != "text-study" ]; then
  export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
fi
# glibc malloc keeps native buffers between ops instead of faulting them in again (scripts/malloc-env.sh).
source scripts/malloc-env.sh
# Spark on this machine (--master local[...] or a master on 127.0.0.1) listens on loopback only. A driver for a
# cluster across hosts keeps Spark's own choice: set SPARK_LOCAL_IP to the address its executors reach.
case " $* " in
  *" --master local"* | *" --master=local"* | *"spark://127.0.0.1:"*) export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" ;;
esac
# Java 17 closes java.base to Spark's reflection (sweep --master); the root pom holds the list Spark needs.
SPARK_OPENS=$(sed -n 's:.*<spark.java17.opens>\(.*\)</spark.java17.opens>.*:\1:p' pom.xml)
# shellcheck disable=SC2086 # one word per flag
exec java -Djava.awt.headless=true $SPARK_OPENS -cp "apps/target/classes:$(cat apps/target/classpath.txt)" \
  org.transfer4j.app.cli.Transfer4jCli "$@"
