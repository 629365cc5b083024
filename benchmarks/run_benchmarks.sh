#!/usr/bin/env bash
# Regenerates the performance tables of docs/benchmarks.md in one run: building blocks and a reference sgemm
# (./t3d benchmark-blocks vs benchmarks/pytorch_blocks.py), then DenseNet3D-121 and T3D-121 (paper profile, 400
# classes) at 112x112 for each clip length and batch (./t3d benchmark vs benchmarks/pytorch_models.py), T3D-J and
# PyTorch 1.13 CPU (Debian python3-torch) alternating in the same run. Prints Markdown tables on stdout, the raw
# runs on stderr. ratio = T3D-J time / PyTorch time (<= 1.0 means T3D-J is at least as fast); peak RSS is that of
# the whole process (JVM or Python) after its training steps.
#
# Usage: benchmarks/run_benchmarks.sh > /tmp/tables.md
# Env:   FRAMES ("16 32"), BATCHES ("1 4"), MODELS ("densenet3d-121 t3d-121"), REPS (3), WARMUP (3; DL4J needs more than one run per mode to size its workspaces),
#        BLOCK_REPS (7), THREADS (2, PyTorch; ND4J uses one OpenMP thread per core), PYTHON (/usr/bin/python3),
#        T3D (./t3d), EXTRA (extra ./t3d benchmark options, e.g. --memory-efficient), SKIP_BLOCKS, SKIP_MODELS
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
FRAMES=${FRAMES:-"16 32"}
BATCHES=${BATCHES:-"1 4"}
MODELS=${MODELS:-"densenet3d-121 t3d-121"}
REPS=${REPS:-3}
WARMUP=${WARMUP:-3}
BLOCK_REPS=${BLOCK_REPS:-7}
THREADS=${THREADS:-2}
PYTHON=${PYTHON:-/usr/bin/python3}
T3D=${T3D:-./t3d}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
field() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<"$2"; }

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB;" \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg); torch $($PYTHON -c 'import torch; print(torch.__version__)');" \
  "$(java -version 2>&1 | head -1)"
echo

if [ -z "${SKIP_BLOCKS:-}" ]; then
  # The sgemm reference runs with glibc's default allocator (empty MALLOC_MMAP_THRESHOLD_, see ./t3d): ND4J's sgemm
  # allocates its buffers on every call, which the launcher's fixed 128 KiB mmap threshold turns into fresh zeroed
  # pages (247-264 instead of 350-362 GFLOP/s, docs/performance.md section 12); the blocks run as ./t3d runs them.
  MALLOC_MMAP_THRESHOLD_= $T3D benchmark-blocks --blocks none --reps "$BLOCK_REPS" --warmup "$WARMUP" | tee -a "$log" >&2
  $T3D benchmark-blocks --sgemm 0 --reps "$BLOCK_REPS" --warmup "$WARMUP" | tee -a "$log" >&2
  "$PYTHON" benchmarks/pytorch_blocks.py --threads "$THREADS" --reps "$BLOCK_REPS" --warmup "$WARMUP" | tee -a "$log" >&2
  jg=$(field gflops "$(grep '^RESULT impl=dl4j block=sgemm' "$log")")
  pg=$(field gflops "$(grep '^RESULT impl=pytorch block=sgemm' "$log")")
  echo "Blocks (sgemm 2048³: T3D-J/ND4J ${jg} GFLOP/s, PyTorch ${pg} GFLOP/s; % of sgemm = block conv GFLOP/s / same library's sgemm GFLOP/s)"
  echo
  echo '| block | pass | T3D-J ms | PyTorch ms | ratio | T3D-J GFLOP/s (% sgemm) | PyTorch GFLOP/s (% sgemm) |'
  echo '|---|---|---:|---:|---:|---:|---:|'
  for b in conv3d ttl dense4; do
    for m in fwd train; do
      j=$(grep "^RESULT impl=dl4j block=$b mode=$m " "$log" || true)
      p=$(grep "^RESULT impl=pytorch block=$b mode=$m " "$log" || true)
      [ -n "$j" ] && [ -n "$p" ] || continue
      awk -v b="$b" -v m="$m" -v js="$(field median_s "$j")" -v ps="$(field median_s "$p")" \
          -v jf="$(field gflops "$j")" -v pf="$(field gflops "$p")" -v jg="$jg" -v pg="$pg" 'BEGIN {
        printf "| %s | %s | %.1f | %.1f | %.2f× | %.1f (%.0f %%) | %.1f (%.0f %%) |\n", b,
          (m == "fwd" ? "forward" : "train step"), js * 1000, ps * 1000, js / ps, jf, 100 * jf / jg, pf, 100 * pf / pg }'
    done
  done
  echo
  echo "Peak RSS of the block runs: T3D-J $(field peak_rss_mb "$(grep '^RESULT impl=dl4j block=process' "$log" | tail -n 1)") MB," \
    "PyTorch $(field peak_rss_mb "$(grep '^RESULT impl=pytorch block=process' "$log")") MB"
  echo
fi

if [ -z "${SKIP_MODELS:-}" ]; then
  for model in $MODELS; do
    for f in $FRAMES; do
      for b in $BATCHES; do
        echo "== $model ${f}x112x112 batch $b ==" >&2
        # shellcheck disable=SC2086
        $T3D benchmark --model "$model" --frames "$f" --size 112 --batch "$b" --reps "$REPS" --warmup "$WARMUP" \
          ${EXTRA:-} | tee -a "$log" >&2
        "$PYTHON" benchmarks/pytorch_models.py --model "$model" --frames "$f" --size 112 --batch "$b" --reps "$REPS" \
          --warmup "$WARMUP" --threads "$THREADS" | tee -a "$log" >&2
      done
    done
  done
  echo "Models (112×112, paper profile, 400 classes; median of $REPS after $WARMUP warm-up; train step = forward + backward + Nesterov SGD update)"
  echo
  echo '| model | T×112² | batch | pass | T3D-J s | PyTorch s | ratio | peak RSS T3D-J MB | peak RSS PyTorch MB |'
  echo '|---|---:|---:|---|---:|---:|---:|---:|---:|'
  grep '^RESULT impl=dl4j model=' "$log" | while read -r j; do
    model=$(field model "$j"); b=$(field batch "$j"); f=$(field frames "$j"); m=$(field mode "$j")
    p=$(grep "^RESULT impl=pytorch model=$model batch=$b frames=$f mode=$m " "$log" || true)
    [ -n "$p" ] || continue
    awk -v mo="$model" -v f="$f" -v b="$b" -v m="$m" -v js="$(field median_s "$j")" -v ps="$(field median_s "$p")" \
        -v jr="$(field peak_rss_mb "$j")" -v pr="$(field peak_rss_mb "$p")" 'BEGIN {
      printf "| %s | %s | %s | %s | %.3f | %.3f | %.2f× | %s | %s |\n", mo, f, b, (m == "fwd" ? "forward" : "train step"),
        js, ps, js / ps, (m == "fwd" ? "" : jr), (m == "fwd" ? "" : pr) }'
  done
  echo
fi
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
