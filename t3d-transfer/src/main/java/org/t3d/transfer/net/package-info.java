/**
 * The correspondence network of 2D→3D supervision transfer: its configuration
 * ({@link org.t3d.transfer.net.CorrespondenceConfig}) and the two-input DL4J graph with the frozen 2D teacher, the 3D
 * student, the student projection and the binary matching head ({@link org.t3d.transfer.net.CorrespondenceNetwork}).
 */
package org.t3d.transfer.net;
