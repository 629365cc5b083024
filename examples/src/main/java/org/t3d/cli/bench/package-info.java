/** Benchmark helpers of the command line: timing and peak memory. */
package org.t3d.cli.bench;
