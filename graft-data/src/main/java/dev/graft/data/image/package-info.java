/**
 * Images as tensors, the way TensorFlow and Keras read them: {@link dev.graft.data.image.ImageDecoder}
 * turns JPEG, PNG, GIF and BMP bytes into {@code [height, width, 3]} uint8 tensors as
 * {@code tf.io.decode_image(channels=3, expand_animations=False)} does, and
 * {@link dev.graft.data.image.ImageResizer} resizes them as {@code tf.image.resize} and Keras'
 * {@code smart_resize} do.
 */
package dev.graft.data.image;
