/**
 * Training of supervision transfer: the run's settings ({@link org.t3d.transfer.train.TransferConfig}, paper
 * defaults) and the driver ({@link org.t3d.transfer.train.SupervisionTransfer}) on top of t3d-core's trainer.
 */
package org.t3d.transfer.train;
