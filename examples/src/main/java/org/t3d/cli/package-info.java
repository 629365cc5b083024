/**
 * The t3d command line.
 */
package org.t3d.cli;
