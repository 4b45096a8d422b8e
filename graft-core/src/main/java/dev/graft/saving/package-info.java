/**
 * Saving and loading models and weights in Keras' formats, so that files move both ways between Graft and
 * Keras.
 * <ul>
 *   <li>Whole models: {@code Model.save} and {@code Models.load} read and write Keras 3's {@code .keras}
 *       archives through {@link dev.graft.saving.KerasModelFile}: the architecture in Keras' serialization
 *       schema ({@link dev.graft.saving.ModelSerializer}, each layer's {@code getConfig}/{@code fromConfig},
 *       the classes of {@link dev.graft.saving.LayerRegistry}) and the weights in Keras 3's
 *       {@code model.weights.h5} layout.</li>
 *   <li>Weights only, in Keras' legacy h5 layout: {@code Model.saveWeights} / {@code Model.loadWeights}
 *       delegate to {@link dev.graft.saving.H5WeightsWriter} and {@link dev.graft.saving.H5WeightsLoader};
 *       {@link dev.graft.saving.WeightFile} reads a file's structure (Keras' pretrained weights, for
 *       instance).</li>
 * </ul>
 * HDF5 files are read and written with jhdf, a pure-Java library; JSON with Jackson, as plain trees.
 */
package dev.graft.saving;
