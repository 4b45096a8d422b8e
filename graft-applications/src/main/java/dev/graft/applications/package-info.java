/**
 * Keras' applications: pretrained image models with Keras' exact architectures and layer names, their
 * official ImageNet weights, and their {@code preprocessInput} / {@code decodePredictions}: {@link
 * dev.graft.applications.Xception}, {@link dev.graft.applications.MobileNet}, {@link
 * dev.graft.applications.MobileNetV2}, {@link dev.graft.applications.ResNet50} and {@link
 * dev.graft.applications.EfficientNetB0}, each built with the options of {@link
 * dev.graft.applications.ApplicationBuilder}, or by name through {@link dev.graft.applications.Application}.
 */
package dev.graft.applications;
