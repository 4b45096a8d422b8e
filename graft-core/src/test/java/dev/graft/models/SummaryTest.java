package dev.graft.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.SymbolicTensor;
import dev.graft.utils.Names;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Contract item B4: the Keras summary table, its totals and its thousands separators. */
class SummaryTest {
    @BeforeEach
    void freshNames() {
        Names.clearSession();
    }

    @Test
    void printsTheKerasTableWithTotals() {
        SymbolicTensor in = Input.of(150);
        Sequential inner = new Sequential(new Dense(1000), new Dense(64));
        SymbolicTensor x = inner.call(in, false);
        Model model = new Model(in, Dense.builder().setUnits(1).optName("a_rather_long_dense_layer_name").build()
                .call(x));
        inner.setTrainable(false);
        String expected = String.join("\n",
                "Model: \"model\"",
                "_________________________________________________________________",
                " Layer (type)                Output Shape              Param #   ",
                "=================================================================",
                " input_1 (InputLayer)        [(None, 150)]             0         ",
                "                                                                 ",
                " sequential (Sequential)     (None, 64)                215064    ",
                "                                                                 ",
                " a_rather_long_dense_layer_n  (None, 1)                65        ",
                " ame (Dense)                                                     ",
                "                                                                 ",
                "=================================================================",
                "Total params: 215,129",
                "Trainable params: 65",
                "Non-trainable params: 215,064",
                "_________________________________________________________________",
                "");
        assertEquals(expected, model.summaryText());
        model.close();
    }

    @Test
    void sequentialSummaryListsItsLayers() {
        Sequential model = new Sequential(new Dense(3), new Dense(1));
        model.build(dev.graft.tensor.Shape.batchOf(4));
        String text = model.summaryText();
        assertEquals(String.join("\n",
                "Model: \"sequential\"",
                "_________________________________________________________________",
                " Layer (type)                Output Shape              Param #   ",
                "=================================================================",
                " dense (Dense)               (None, 3)                 15        ",
                "                                                                 ",
                " dense_1 (Dense)             (None, 1)                 4         ",
                "                                                                 ",
                "=================================================================",
                "Total params: 19",
                "Trainable params: 19",
                "Non-trainable params: 0",
                "_________________________________________________________________",
                ""), text);
        model.close();
    }
}
