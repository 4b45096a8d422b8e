/**
 * Public data sets prepared as TensorFlow Datasets prepares them, so that a split spec such as
 * {@code "train[:40%]"} selects the same examples in the same order as {@code tfds.load}: {@link
 * dev.graft.data.datasets.CatsVsDogs} (download, safe extraction, TFDS' filtering, TFDS' hash order and shard
 * layout), {@link dev.graft.data.datasets.SplitSpec} (TFDS' split grammar and percent rounding) and {@link
 * dev.graft.data.datasets.PreparedDataset} (the ordered {@link dev.graft.data.datasets.LabelledFile}s of a spec).
 */
package dev.graft.data.datasets;
