#!/usr/bin/env bash
# The transfer4j command line: ./transfer4j.sh study | finetune | sweep | domain [options], and
# ./transfer4j.sh inspect MODEL [--json].
# Builds what is needed first (quietly), then runs the command. --help on any command lists its options.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -Dstyle.color=never -DskipTests -pl apps -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# Training runs go side by side, one per core, with one native thread each: on these small CNNs a second
# OpenMP thread adds almost nothing (see dl4j-transfer runtime/Threads.java). Set OMP_NUM_THREADS to override.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
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
