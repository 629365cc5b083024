/**
 * The built-in demo ({@code t3d demo}): a synthetic action data set written as real video files whose classes
 * differ only in motion, a tiny T3D trained on it through t3d-data (decode → sample → transform → iterator) and the
 * trainer, and the single-frame control that shows the temporal modelling is what does the work.
 */
package org.t3d.cli.demo;
