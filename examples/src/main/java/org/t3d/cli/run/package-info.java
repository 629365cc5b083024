/**
 * The {@code train}, {@code evaluate}, {@code classify} and {@code features} commands and what they share: saving and
 * loading a model (model zip or training checkpoint) with its class names and the preprocessing it was trained with,
 * and the common test-clip options ({@code --frames}, {@code --size}, {@code --short-side}, {@code --crops}).
 */
package org.t3d.cli.run;
