/**
 * Graph vertices for NCDHW activations that DL4J's own vertices do not handle on rank 5 ({@code Concat3D}).
 */
package org.t3d.core.graph;
