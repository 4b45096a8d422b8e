/**
 * The data side of Graft, as tf.data and Keras' utilities: the {@code Dataset} pipeline, image decoding and
 * resizing, directory and public data sets, and pictures of images and training curves.
 */
package dev.graft.data;
