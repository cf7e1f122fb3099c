#!/usr/bin/env bash
# The main job end to end: builds the project and runs the Fashion-MNIST transfer study.
# Arguments go to the study (try --help). Output: transfer4j-out/study/report.md, .png, .json.
set -euo pipefail
cd "$(dirname "$0")"
# The study finds Fashion-MNIST in Debian's package, or downloads it into ~/.transfer4j if apt is unavailable.
scripts/ensure-packages.sh dataset-fashion-mnist
mvn -B -q -DskipTests -pl dl4j-transfer -am package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
# Target runs go side by side, one per core; one native thread each is fastest (see runtime/Threads.java).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java -Djava.awt.headless=true -cp "dl4j-transfer/target/classes:$(cat dl4j-transfer/target/classpath.txt)" \
  org.transfer4j.study.TransferStudy "$@"
