/**
 * Keras' applications: pretrained image models with Keras' exact architectures and layer names, their
 * official ImageNet weights, and their {@code preprocessInput} / {@code decodePredictions}.
 */
package dev.graft.applications;
