/** Terminal progress reporting for long work: a progress bar with ETA, items/s and loss, and a trainer listener. */
package org.t3d.cli.progress;
