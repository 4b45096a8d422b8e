package dev.graft.data.datasets;

/** How {@code imageDatasetFromDirectory} encodes labels, as Keras' {@code label_mode}. */
public enum LabelMode {
    /** The class index as an int32 scalar; batches hold {@code [batch]} ({@code "int"}). */
    INT,
    /** A float32 one-hot vector; batches hold {@code [batch, classes]} ({@code "categorical"}). */
    CATEGORICAL,
    /** 0 or 1 as float32 {@code [1]}; batches hold {@code [batch, 1]}; needs exactly 2 classes ({@code "binary"}). */
    BINARY,
    /** No labels: the data set yields images only ({@code None}). */
    NONE
}
