package dev.graft.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.layers.Add;
import dev.graft.layers.Concatenate;
import dev.graft.layers.Conv2D;
import dev.graft.layers.Dense;
import dev.graft.layers.Input;
import dev.graft.layers.Layer;
import dev.graft.layers.SymbolicTensor;
import dev.graft.tensor.DType;
import dev.graft.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Model#layers()} lists layers as Keras' {@code map_graph} does, the order weight files rely on. */
class KerasLayerOrderTest {
    @Test
    void aShortcutConvolutionComesAfterTheDeeperMainBranch() {
        // add([short(in), main_2(main_1(in))]); depths: add 0, short 1, main_2 1, main_1 2, input 3.
        // Equal depths go in the order a walk from the output meets them: short before main_2.
        SymbolicTensor in = Input.of(Shape.batchOf(4, 4, 3), DType.FLOAT32, "image");
        SymbolicTensor main = conv("main_1").call(in);
        main = conv("main_2").call(main);
        SymbolicTensor shortcut = conv("short").call(in);
        SymbolicTensor out = Add.builder().optName("add").build().callSymbolic(List.of(shortcut, main));
        try (Model model = new Model(in, out)) {
            assertEquals(List.of("image", "main_1", "short", "main_2", "add"), names(model));
            // weights follow the layers
            assertEquals(List.of("main_1/kernel", "main_1/bias", "short/kernel", "short/bias", "main_2/kernel",
                    "main_2/bias"), model.weights().stream().map(v -> v.name()).toList());
        }
    }

    @Test
    void anInputReadNearTheOutputComesLater() {
        // concat([dense(a), b]): depths concat 0, dense 1, b 1, a 2; b is met after dense.
        SymbolicTensor a = Input.of(Shape.batchOf(3), DType.FLOAT32, "a");
        SymbolicTensor b = Input.of(Shape.batchOf(2), DType.FLOAT32, "b");
        SymbolicTensor x = Dense.builder().setUnits(2).optName("dense").build().call(a);
        SymbolicTensor out = Concatenate.builder().optName("concat").build().callSymbolic(List.of(x, b));
        try (Model model = new Model(List.of(a, b), List.of(out), null)) {
            assertEquals(List.of("a", "dense", "b", "concat"), names(model));
        }
    }

    private static Conv2D conv(String name) {
        return Conv2D.builder().setFilters(2).setKernelSize(1).optName(name).build();
    }

    private static List<String> names(Model model) {
        return model.layers().stream().map(Layer::name).toList();
    }
}
