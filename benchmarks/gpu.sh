#!/usr/bin/env bash
# Times the model benchmark on a CUDA GPU. Needs an NVIDIA driver for CUDA >= 11.6 (see docs/gpu.md).
set -euo pipefail
cd "$(dirname "$0")/.."
nvidia-smi || { echo "gpu.sh: nvidia-smi not found: no NVIDIA driver" >&2; exit 2; }
./mvnw -B -q -Pcuda -DskipTests clean install
for model in densenet3d-121 t3d-121; do
  for batch in 1 4; do
    ./t3d benchmark --model "$model" --frames 16 --size 112 --batch "$batch"
  done
done
