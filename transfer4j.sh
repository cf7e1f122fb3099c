#!/usr/bin/env bash
# The transfer4j command line: ./transfer4j.sh study [options], ./transfer4j.sh inspect MODEL [--json].
# Builds what is needed first (quietly), then runs the command. --help on any command lists its options.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -Dstyle.color=never -DskipTests -pl dl4j-transfer -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# Training runs go side by side, one per core; one native thread each is fastest (see runtime/Threads.java).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java -Djava.awt.headless=true -cp "dl4j-transfer/target/classes:$(cat dl4j-transfer/target/classpath.txt)" \
  org.transfer4j.cli.Transfer4jCli "$@"
