package dev.graft.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.layers.Dense;
import dev.graft.layers.Dropout;
import dev.graft.layers.GlobalAveragePooling2D;
import dev.graft.layers.Input;
import dev.graft.layers.Rescaling;
import dev.graft.layers.SymbolicTensor;
import dev.graft.models.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items B4 and D1 of ../shared/reference/guide-contract.md with the real Xception (random weights: the
 * official file is not fetched in tests; the parameter counts are the same). D2 is {@link MobileNetPretrainedTest}.
 */
class GuideContractTest {
    @TempDir
    Path dir;

    /** The guide's base: {@code Xception(weights=..., input_shape=(150, 150, 3), include_top=False)}. */
    private static Xception.Builder guideBase() {
        return Xception.builder().optIncludeTop(false).optInputShape(150, 150, 3);
    }

    @Test
    void b4_summaryOfTheGuidesModel() {
        try (Model base = guideBase().optWeights(Weights.none()).build()) {
            SymbolicTensor inputs = Input.of(150, 150, 3);
            SymbolicTensor x = new Rescaling(1 / 127.5, -1).call(inputs);
            x = base.call(x, false);
            x = new GlobalAveragePooling2D().call(x);
            x = new Dropout(0.2).call(x);
            Model model = new Model(inputs, new Dense(1).call(x));

            base.setTrainable(false);
            String frozen = model.summaryText();
            assertTrue(frozen.contains(" xception (Functional)       (None, 5, 5, 2048)        20861480  \n"), frozen);
            assertTrue(frozen.contains("Total params: 20,863,529\nTrainable params: 2,049\n"
                    + "Non-trainable params: 20,861,480\n"), frozen);
            base.setTrainable(true);
            String unfrozen = model.summaryText();
            assertTrue(unfrozen.contains("Total params: 20,863,529\nTrainable params: 20,809,001\n"
                    + "Non-trainable params: 54,528\n"), unfrozen);
            model.close();
        }
    }

    @Test
    void d1_architectureNamesParametersAndOutput() {
        try (Model base = guideBase().optWeights(Weights.none()).build()) {
            assertEquals("xception", base.name());
            assertEquals(20_861_480, base.countParams());
            assertEquals("(None, 5, 5, 2048)", base.outputs().get(0).shape().toString());
            assertEquals(List.of("block1_conv1", "block1_conv1_bn", "block1_conv1_act"),
                    base.layers().subList(1, 4).stream().map(l -> l.name()).toList());
            assertEquals("block14_sepconv2_act", base.layers().get(base.layers().size() - 1).name());
        }
    }

    @Test
    void d1_imagenetWeightsAreHashCheckedBeforeUse() throws IOException {
        // A mirror that serves another file under the official name: a Graft-saved Xception of the same
        // architecture, which loads fine by position but is not the published file.
        Path impostor = dir.resolve("mirror.h5");
        try (Model other = guideBase().optWeights(Weights.none()).build()) {
            other.saveWeights(impostor);
        }
        Path kerasCopy = dir.resolve("keras/models").resolve(Xception.WEIGHTS_NO_TOP.fileName());
        Files.createDirectories(kerasCopy.getParent());
        Files.copy(impostor, kerasCopy);
        List<String> downloads = new ArrayList<>();
        WeightsCache cache = WeightsCache.builder().setGraftHome(dir.resolve("graft")).optKerasHome(dir.resolve("keras"))
                .optFetcher((url, target, hash) -> {
                    downloads.add(url);
                    Files.copy(impostor, target);
                }).build();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> guideBase().optWeightsCache(cache).build());
        // The Keras cache's copy has the wrong MD5, so it is downloaded; the download has it too, so it is refused.
        assertEquals(List.of(Xception.WEIGHTS_NO_TOP.url()), downloads);
        assertTrue(e.getMessage().contains("Incomplete or corrupted file detected"), e.getMessage());
        assertTrue(e.getMessage().contains(Xception.WEIGHTS_NO_TOP.hash()), e.getMessage());
        assertTrue(e.getMessage().contains(WeightsCache.hash(impostor, "MD5")), e.getMessage());
        // The same file given as a path is loaded without a hash, as Keras loads weights=<path>.
        try (Model loaded = guideBase().optWeights(Weights.file(impostor)).build()) {
            assertEquals(20_861_480, loaded.countParams());
        }
    }
}
