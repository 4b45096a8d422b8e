package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.layers.Layer;
import dev.graft.layers.preprocessing.FactorRange;
import dev.graft.layers.preprocessing.FlipMode;
import dev.graft.layers.preprocessing.RandomContrast;
import dev.graft.layers.preprocessing.RandomFlip;
import dev.graft.layers.preprocessing.RandomRotation;
import dev.graft.layers.preprocessing.RandomTranslation;
import dev.graft.layers.preprocessing.RandomZoom;
import dev.graft.models.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    @Test
    void theGuidesAugmentation() {
        List<Layer> layers = Augmentation.parse("flip,rotate:0.1").layers();
        assertEquals(2, layers.size());
        assertEquals(FlipMode.HORIZONTAL, assertInstanceOf(RandomFlip.class, layers.get(0)).mode());
        // RandomRotation(0.1): a fraction of a full turn, symmetric.
        assertEquals(new FactorRange(-0.1, 0.1), assertInstanceOf(RandomRotation.class, layers.get(1)).factor());
    }

    @Test
    void everyLayerWithItsFactorInOrder() {
        Sequential augmentation = Augmentation.parse(" flip:vertical , zoom:0.2,contrast:0.3,translate:0.15 ");
        List<Layer> layers = augmentation.layers();
        assertEquals(FlipMode.VERTICAL, assertInstanceOf(RandomFlip.class, layers.get(0)).mode());
        assertEquals(new FactorRange(-0.2, 0.2), assertInstanceOf(RandomZoom.class, layers.get(1)).heightFactor());
        RandomContrast contrast = assertInstanceOf(RandomContrast.class, layers.get(2));
        assertEquals(0.3, contrast.lower());
        assertEquals(0.3, contrast.upper());
        RandomTranslation translation = assertInstanceOf(RandomTranslation.class, layers.get(3));
        assertEquals(new FactorRange(-0.15, 0.15), translation.heightFactor());
        assertEquals(new FactorRange(-0.15, 0.15), translation.widthFactor());
    }

    @Test
    void noneGivesNoLayers() {
        assertNull(Augmentation.parse("none"));
        assertNull(Augmentation.parse("NONE"));
        assertNull(Augmentation.parse(""));
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("--augment flip,shear:0.1: unknown augmentation 'shear:0.1'; use flip, rotate:F, zoom:F, "
                + "contrast:F, translate:F, or none",
                assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("flip,shear:0.1")).getMessage());
        assertEquals("--augment zoom: zoom needs a factor, e.g. zoom:0.1",
                assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("zoom")).getMessage());
        assertEquals("--augment rotate:x: the factor of rotate must be a number, received 'x'",
                assertThrows(IllegalArgumentException.class, () -> Augmentation.parse("rotate:x")).getMessage());
    }
}
