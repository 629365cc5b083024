/**
 * Decode benchmark entry point ({@link org.t3d.data.bench.DecodeBenchmark}), run by hand; results go to
 * {@code docs/benchmarks.md}.
 */
package org.t3d.data.bench;
