# Sourced by the peer scripts (run from the project root): one thread unless set, the same glibc malloc settings
# on both sides, Debian's PyTorch with its OpenMP OpenBLAS, and the benchmarks jar; refuses with what to do when
# one is missing. PyTorch's allocator frees large blocks to the kernel too: with glibc's defaults its MobileNetV2
# forward pass ran at 34 images/s here, with these settings at 73, and at 77 when ResNet50 had run before it in
# the same process (glibc's mmap threshold had grown by then).
out=transfer4j-out/bench
mkdir -p "$out"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
source scripts/malloc-env.sh
py=/usr/bin/python3
openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if ! "$py" -c 'import torch, torchvision' 2>/dev/null; then
  echo "peer benchmark: Debian's PyTorch is missing; install it with" >&2
  echo "  apt-get install -y python3-torch python3-torchvision libopenblas0-openmp" >&2
  exit 2
fi
if [ ! -e "$openblas/libopenblas.so.0" ]; then
  echo "peer benchmark: $openblas/libopenblas.so.0 is missing; install libopenblas0-openmp (PyTorch would" >&2
  echo "  otherwise run the reference BLAS and look several times slower than it is)" >&2
  exit 2
fi
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  echo "peer benchmark: $jar is missing; build it with: mvn -B -DskipTests package -pl benchmarks -am" >&2
  exit 2
fi
torch_env=(env "LD_LIBRARY_PATH=$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
