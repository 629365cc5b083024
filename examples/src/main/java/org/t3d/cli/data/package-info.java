/**
 * The command line's video pipeline: video lists (CSV or class folders), FFmpeg decoding with resizing, clip
 * sampling (random, dense non-overlapping with loop padding), clip-consistent crops and flips, NCDHW batches with
 * per-clip video ids. A compact stand-in used by {@code train}, {@code evaluate}, {@code classify},
 * {@code features} and the demo.
 */
package org.t3d.cli.data;
