/**
 * Benchmark entry points of t3d-models ({@link org.t3d.models.bench.DenseMemoryBenchmark}), run by hand; results go
 * to {@code docs/performance.md}.
 */
package org.t3d.models.bench;
