package dev.graft.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.graft.models.Model;
import dev.graft.tensor.HostArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackStateTest {
    private static final JsonMapper MAPPER = new JsonMapper();

    /** {@code state} written as JSON text and read back, as a checkpoint does. */
    private static CallbackState throughJson(CallbackState state, String owner) throws Exception {
        String json = MAPPER.writeValueAsString(state.toJson());
        return CallbackState.fromJson(MAPPER.readTree(json), owner);
    }

    @Test
    void everyKindOfValueComesBackExactly() throws Exception {
        CallbackState state = new CallbackState("Test").put("d", 0.1 + 0.2).put("inf", Double.NEGATIVE_INFINITY)
                .put("nan", Double.NaN).put("l", Long.MAX_VALUE).put("b", true).put("s", "é,\"x\"")
                .putDoubles("ds", List.of(1e-300, Double.POSITIVE_INFINITY)).putLongs("ls", List.of(1, -2L))
                .putStrings("ss", List.of("a", "")).putArrays("w", List.of(
                        new HostArray(new float[] {Float.MIN_VALUE, -0f, 3.5f}, new long[] {3}),
                        new HostArray(new float[] {7}, new long[] {})));
        CallbackState back = throughJson(state, "Test");
        assertEquals(0.1 + 0.2, back.getDouble("d"));
        assertEquals(Double.NEGATIVE_INFINITY, back.getDouble("inf"));
        assertTrue(Double.isNaN(back.getDouble("nan")));
        assertEquals(Long.MAX_VALUE, back.getLong("l"));
        assertTrue(back.getBoolean("b"));
        assertEquals("é,\"x\"", back.getString("s"));
        assertEquals(List.of(1e-300, Double.POSITIVE_INFINITY), back.getDoubles("ds"));
        assertEquals(List.of(1L, -2L), back.getLongs("ls"));
        assertEquals(List.of("a", ""), back.getStrings("ss"));
        assertEquals(state.getArrays("w"), back.getArrays("w"));
        assertFalse(back.has("missing"));
    }

    @Test
    void aMissingOrMistypedValueIsAnErrorNamingTheCallbackAndKey() throws Exception {
        CallbackState back = throughJson(new CallbackState("EarlyStopping").put("wait", "three"), "EarlyStopping");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> back.getInt("best"));
        assertTrue(missing.getMessage().contains("EarlyStopping has no 'best'"), missing.getMessage());
        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class, () -> back.getInt("wait"));
        assertTrue(mistyped.getMessage().contains("malformed 'wait'"), mistyped.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CallbackState.fromJson(MAPPER.readTree("{\"x\": 3}"), "Test"));
    }

    @Test
    void earlyStoppingGoesOnWithItsPatienceAfterARestore() throws Exception {
        Model model = CallbackFixtures.compiledModel(0.1);
        EarlyStopping first = EarlyStopping.builder().optMonitor("loss").optPatience(2)
                .optRestoreBestWeights(true).build();
        first.setModel(model);
        first.onTrainBegin(CallbackFixtures.logs());
        CallbackFixtures.fillWeights(model, 0);
        first.onEpochEnd(0, CallbackFixtures.logs("loss", 1.0));
        CallbackFixtures.fillWeights(model, 1);
        first.onEpochEnd(1, CallbackFixtures.logs("loss", 2.0));
        CallbackState saved = new CallbackState("EarlyStopping");
        first.saveState(saved);

        EarlyStopping resumed = EarlyStopping.builder().optMonitor("loss").optPatience(2)
                .optRestoreBestWeights(true).build();
        resumed.setModel(model);
        resumed.onTrainBegin(CallbackFixtures.logs());
        resumed.restoreState(throughJson(saved, "EarlyStopping"));
        resumed.onEpochEnd(2, CallbackFixtures.logs("loss", 3.0));
        assertTrue(model.stopTraining(), "the second epoch without improvement since the restored best stops");
        assertEquals(2, resumed.stoppedEpoch());
        CallbackFixtures.fillWeights(model, 9);
        resumed.onTrainEnd(CallbackFixtures.logs());
        assertEquals(0f, model.getWeights().get(0).data()[0], "the best epoch's weights, saved before the restore");
    }

    @Test
    void reduceLrOnPlateauKeepsItsBestAndWait() throws Exception {
        Model model = CallbackFixtures.compiledModel(1.0);
        ReduceLROnPlateau first = new ReduceLROnPlateau("loss", 0.5, 2);
        first.setModel(model);
        first.onTrainBegin(CallbackFixtures.logs());
        first.onEpochEnd(0, CallbackFixtures.logs("loss", 1.0));
        first.onEpochEnd(1, CallbackFixtures.logs("loss", 1.5));
        CallbackState saved = new CallbackState("ReduceLROnPlateau");
        first.saveState(saved);

        ReduceLROnPlateau resumed = new ReduceLROnPlateau("loss", 0.5, 2);
        resumed.setModel(model);
        resumed.onTrainBegin(CallbackFixtures.logs());
        resumed.restoreState(throughJson(saved, "ReduceLROnPlateau"));
        resumed.onEpochEnd(2, CallbackFixtures.logs("loss", 1.2));
        assertEquals(0.5, model.optimizer().learningRate(), "the second epoch without improvement reduces");
    }
}
