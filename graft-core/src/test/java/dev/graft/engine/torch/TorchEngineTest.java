package dev.graft.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.tensor.Engine;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

class TorchEngineTest {

    @Test
    void setNumThreadsAlsoSizesTheBlasPool() {
        int before = Engine.get().numThreads();
        try {
            Engine.get().setNumThreads(1);
            assertEquals(1, Engine.get().numThreads());
            assertEquals(1, openblas_nolapack.blas_get_num_threads(), "OpenBLAS's own pool");
        } finally {
            Engine.get().setNumThreads(before);
        }
        assertEquals(before, openblas_nolapack.blas_get_num_threads());
    }
}
