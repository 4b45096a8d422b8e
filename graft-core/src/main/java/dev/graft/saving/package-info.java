/**
 * Saving and loading weights in Keras' legacy h5 layout, so that files move both ways between Graft and
 * Keras: {@code Model.saveWeights} / {@code Model.loadWeights} delegate to {@link
 * dev.graft.saving.H5WeightsWriter} and {@link dev.graft.saving.H5WeightsLoader}; {@link
 * dev.graft.saving.WeightFile} reads a file's structure (Keras' pretrained weights, for instance).
 * Files are read and written with jhdf, a pure-Java HDF5 library.
 */
package dev.graft.saving;
