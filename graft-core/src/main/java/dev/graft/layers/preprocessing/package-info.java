/**
 * Keras' random image augmentation layers ({@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom},
 * {@code RandomTranslation}, {@code RandomContrast}, {@code RandomCrop}): each transforms
 * {@code [batch, height, width, channels]} images (or one {@code [height, width, channels]} image) with its
 * own random draw per image when called with {@code training = true}, and is the identity otherwise
 * ({@code RandomCrop} center-crops instead). They have no weights and run as whole-batch tensor ops:
 * <pre>{@code
 * Sequential dataAugmentation = new Sequential(new RandomFlip("horizontal"), new RandomRotation(0.1));
 * }</pre>
 */
package dev.graft.layers.preprocessing;
