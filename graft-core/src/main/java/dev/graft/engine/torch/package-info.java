/**
 * The libtorch engine behind {@link dev.graft.tensor.Tensor}. This is the only package that touches the
 * bytedeco PyTorch presets; everything else talks to the facade in {@code dev.graft.tensor}.
 */
package dev.graft.engine.torch;
