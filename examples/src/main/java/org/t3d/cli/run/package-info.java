/**
 * The {@code train}, {@code evaluate}, {@code classify} and {@code features} commands and what they share: loading
 * a model from a model zip or a training checkpoint with its class names, and common clip options.
 */
package org.t3d.cli.run;
