#!/usr/bin/env bash
# Times DenseNet3D-121 and T3D-121 (paper profile, 400 classes, 16x112x112) in T3D-J (./t3d benchmark, DL4J) and in
# PyTorch 1.13 CPU (benchmarks/pytorch_models.py, Debian python3-torch) in the same run, and prints a table with the
# ratio DL4J time / PyTorch time (<= 1.0 means T3D-J is at least as fast).
#
# Usage: benchmarks/run_models.sh [batch ...]          (default batches: 1 4)
# Env:   REPS (5), WARMUP (1), THREADS (2, PyTorch; ND4J uses its default = all cores), MODELS ("densenet3d-121 t3d-121"),
#        PYTHON (/usr/bin/python3), SKIP_FWDBWD_B4 (set to 1 to skip T3D-121 forward+backward at batch 4),
#        T3D (./t3d; the launcher to run)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
batches=("${@:-1 4}")
# shellcheck disable=SC2206
batches=(${batches[*]})
REPS=${REPS:-5}
WARMUP=${WARMUP:-1}
THREADS=${THREADS:-2}
MODELS=${MODELS:-"densenet3d-121 t3d-121"}
PYTHON=${PYTHON:-/usr/bin/python3}
log=$(mktemp)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "torch: $($PYTHON -c 'import torch; print(torch.__version__)')"
for model in $MODELS; do
  for b in "${batches[@]}"; do
    mode=both
    if [ "${SKIP_FWDBWD_B4:-0}" = 1 ] && [ "$model" = t3d-121 ] && [ "$b" -ge 4 ]; then mode=forward; fi
    echo "== $model batch $b ($mode) ==" >&2
    ${T3D:-./t3d} benchmark --model "$model" --frames 16 --size 112 --batch "$b" --reps "$REPS" --warmup "$WARMUP" \
      --mode "$mode" | tee -a "$log" >&2
    "$PYTHON" benchmarks/pytorch_models.py --model "$model" --frames 16 --size 112 --batch "$b" --reps "$REPS" \
      --warmup "$WARMUP" --threads "$THREADS" --mode "$mode" | tee -a "$log" >&2
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| model | batch | pass | T3D-J (DL4J) s | PyTorch 1.13 s | ratio DL4J/PyTorch | cpu/wall DL4J | cpu/wall PyTorch |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|\n'
grep '^RESULT impl=dl4j' "$log" | while read -r line; do
  model=$(sed -E 's/.* model=([^ ]+).*/\1/' <<<"$line")
  batch=$(sed -E 's/.* batch=([0-9]+).*/\1/' <<<"$line")
  mode=$(sed -E 's/.* mode=([a-z]+).*/\1/' <<<"$line")
  j=$(sed -E 's/.* median_s=([0-9.]+).*/\1/' <<<"$line")
  jc=$(sed -E 's/.* cpu_wall=([0-9.]+).*/\1/' <<<"$line")
  p_line=$(grep "^RESULT impl=pytorch model=$model batch=$batch mode=$mode " "$log" || true)
  p=$(sed -E 's/.* median_s=([0-9.]+).*/\1/' <<<"$p_line")
  pc=$(sed -E 's/.* cpu_wall=([0-9.]+).*/\1/' <<<"$p_line")
  ratio=$(awk -v a="$j" -v b="$p" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
  pass=$([ "$mode" = fwd ] && echo forward || echo forward+backward)
  printf '| %s | %s | %s | %.3f | %.3f | %s× | %s | %s |\n' "$model" "$batch" "$pass" "$j" "$p" "$ratio" "$jc" "$pc"
done
rm -f "$log"
