/** PNG plots with XChart: training curves and confusion matrices. */
package org.t3d.cli.plot;
