/**
 * Pictures written as PNG files, without a display (Java2D in headless mode): grids of images with titles,
 * as the Keras guides draw with matplotlib, and training curves from a {@link dev.graft.training.History}.
 */
package dev.graft.data.plot;
