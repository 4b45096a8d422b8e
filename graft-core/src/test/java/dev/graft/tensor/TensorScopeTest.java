package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ownership of native memory: scopes, keep, detach, and use after close. */
class TensorScopeTest {

    @AfterEach
    void noScopeLeftOpen() {
        assertFalse(TensorScope.isActive(), "a test left a TensorScope open on this thread");
    }

    @Test
    void closingAScopeFreesEveryTensorCreatedInIt() {
        Tensor a;
        Tensor b;
        Tensor c;
        try (TensorScope scope = TensorScope.open()) {
            assertTrue(TensorScope.isActive());
            a = Tensor.of(new float[] {1, 2}, 2);
            b = a.add(1);
            c = b.mul(a).sum();
            assertEquals(4, scope.trackedCount(), "a, b, b * a and the sum");
            assertFalse(a.isClosed() || b.isClosed() || c.isClosed());
        }
        assertTrue(a.isClosed());
        assertTrue(b.isClosed());
        assertTrue(c.isClosed());
        assertFalse(TensorScope.isActive());
    }

    @Test
    void keepMovesATensorToTheEnclosingScope() {
        Tensor kept;
        Tensor temp;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                temp = Tensor.of(new float[] {1, 2, 3}, 3);
                kept = inner.keep(temp.mul(2));
                assertEquals(1, inner.trackedCount());
                assertEquals(1, outer.trackedCount());
            }
            assertTrue(temp.isClosed());
            assertFalse(kept.isClosed());
            assertArrayEquals(new float[] {2, 4, 6}, kept.toFloatArray());
        }
        assertTrue(kept.isClosed());
    }

    @Test
    void keepInTheOutermostScopeHandsTheTensorToTheCaller() {
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            kept = scope.keep(Tensor.of(new float[] {1}, 1));
            assertEquals(0, scope.trackedCount());
        }
        assertFalse(kept.isClosed());
        assertEquals(1.0, kept.item(), 0.0);
        kept.close();
        assertTrue(kept.isClosed());
    }

    @Test
    void keepReturnsTheSameTensorAndIsIdempotent() {
        try (TensorScope outer = TensorScope.open()) {
            Tensor t;
            try (TensorScope inner = TensorScope.open()) {
                t = Tensor.scalar(3);
                assertSame(t, inner.keep(t));
                assertSame(t, inner.keep(t));
            }
            assertEquals(1, outer.trackedCount());
            assertFalse(t.isClosed());
        }
    }

    @Test
    void nestedScopesFreeInnermostFirst() {
        Tensor outerT;
        Tensor innerT;
        try (TensorScope outer = TensorScope.open()) {
            outerT = Tensor.scalar(1);
            try (TensorScope inner = TensorScope.open()) {
                innerT = outerT.add(1);
                assertEquals(1, inner.trackedCount());
                assertEquals(1, outer.trackedCount());
            }
            assertTrue(innerT.isClosed());
            assertFalse(outerT.isClosed());
            // The outer scope is the innermost again: new tensors go there.
            Tensor again = outerT.add(2);
            assertEquals(2, outer.trackedCount());
            assertEquals(3.0, again.item(), 0.0);
        }
        assertTrue(outerT.isClosed());
    }

    @Test
    void detachRemovesATensorFromItsScope() {
        Tensor owned;
        try (TensorScope outer = TensorScope.open(); TensorScope inner = TensorScope.open()) {
            owned = Tensor.of(new float[] {5}, 1);
            assertSame(owned, TensorScope.detach(owned));
            assertEquals(0, inner.trackedCount());
            assertEquals(0, outer.trackedCount());
        }
        assertFalse(owned.isClosed());
        assertEquals(5.0, owned.item(), 0.0);
        owned.close();
    }

    @Test
    void tensorsOutsideEveryScopeBelongToTheirCreator() {
        Tensor free = Tensor.scalar(1);
        try (TensorScope scope = TensorScope.open()) {
            assertEquals(0, scope.trackedCount());
            free.add(1);
        }
        assertFalse(free.isClosed());
        free.close();
    }

    @Test
    void closingTwiceIsHarmless() {
        TensorScope scope = TensorScope.open();
        Tensor t = Tensor.scalar(1);
        t.close();
        t.close();
        scope.close();
        assertDoesNotThrow(scope::close);
        assertTrue(t.isClosed());
    }

    @Test
    void closingOutOfOrderFailsClearly() {
        TensorScope outer = TensorScope.open();
        TensorScope inner = TensorScope.open();
        Tensor t = Tensor.scalar(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("innermost first"), e.getMessage());
        // Nothing was freed, and the scopes still close in the right order.
        assertFalse(t.isClosed());
        assertEquals(1, inner.trackedCount());
        inner.close();
        assertTrue(t.isClosed());
        outer.close();
    }

    @Test
    void aClosedScopeRefusesUse() {
        TensorScope scope = TensorScope.open();
        Tensor t = Tensor.scalar(1);
        scope.close();
        assertThrows(IllegalStateException.class, scope::trackedCount);
        assertThrows(IllegalStateException.class, () -> scope.keep(t));
    }

    @Test
    void closingOnAnotherThreadFails() throws InterruptedException {
        TensorScope scope = TensorScope.open();
        try {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    scope.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.start();
            other.join();
            assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
            assertTrue(thrown.get().getMessage().contains("thread"), thrown.get().getMessage());
        } finally {
            scope.close();
        }
    }

    @Test
    void scopesArePerThread() throws InterruptedException {
        try (TensorScope scope = TensorScope.open()) {
            AtomicReference<Tensor> made = new AtomicReference<>();
            Thread other = new Thread(() -> made.set(Tensor.scalar(2)));
            other.start();
            other.join();
            // The other thread had no scope: its tensor is not ours to free.
            assertEquals(0, scope.trackedCount());
            made.get().close();
        }
    }

    @Test
    void useAfterCloseThrowsIllegalStateExceptionForEveryOperation() {
        Tensor closed;
        Tensor img;
        Tensor closedImg;
        List<Consumer<Tensor>> uses = new ArrayList<>();
        uses.add(Tensor::toFloatArray);
        uses.add(Tensor::toDoubleArray);
        uses.add(Tensor::toLongArray);
        uses.add(Tensor::item);
        uses.add(Tensor::device);
        uses.add(t -> t.toType(DType.FLOAT64));
        uses.add(t -> t.add(1));
        uses.add(t -> t.mul(2));
        uses.add(Tensor::exp);
        uses.add(Tensor::relu);
        uses.add(t -> t.softmax(-1));
        uses.add(Tensor::sum);
        uses.add(t -> t.mean(new int[] {0}, false));
        uses.add(t -> t.argmax(0));
        uses.add(t -> t.reshape(-1));
        uses.add(t -> t.transpose(0));
        uses.add(t -> t.slice(0, 0, 1));
        uses.add(t -> t.pad(new long[][] {{1, 1}}, 0));
        uses.add(t -> t.expandDims(0));
        uses.add(t -> t.greaterThan(0));
        uses.add(Tensor::detach);
        try (TensorScope scope = TensorScope.open()) {
            Tensor open = Tensor.of(new float[] {1, 2}, 2);
            img = Tensor.ones(Shape.of(1, 2, 2, 1), DType.FLOAT32);
            closed = Tensor.of(new float[] {1, 2}, 2);
            closedImg = Tensor.ones(Shape.of(1, 2, 2, 1), DType.FLOAT32);
            closed.close();
            closedImg.close();
            for (int i = 0; i < uses.size(); i++) {
                Consumer<Tensor> use = uses.get(i);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> use.accept(closed),
                        "use #" + i);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
            // A closed tensor as the other operand.
            assertThrows(IllegalStateException.class, () -> open.add(closed));
            assertThrows(IllegalStateException.class, () -> open.matmul(closed));
            assertThrows(IllegalStateException.class, () -> open.greaterThan(0).where(open, closed));
            assertThrows(IllegalStateException.class, () -> open.assign(closed));
            assertThrows(IllegalStateException.class, () -> closed.assign(open));
            assertThrows(IllegalStateException.class, () -> Tensor.concat(List.of(open, closed), 0));
            assertThrows(IllegalStateException.class, () -> img.conv2d(closedImg, null, new int[] {1, 1},
                    Padding2D.VALID, new int[] {1, 1}, 1));
            assertThrows(IllegalStateException.class, () -> closedImg.maxPool2d(new int[] {1, 1},
                    new int[] {1, 1}, Padding2D.VALID));
            assertThrows(IllegalStateException.class, () -> img.batchNorm(closed, open, null,
                    null, 1e-3));
            assertThrows(IllegalStateException.class, () -> HostArray.of(closed));
            // What stays readable: the shape, dtype and a description.
            assertEquals(Shape.of(2), closed.shape());
            assertEquals(DType.FLOAT32, closed.dtype());
            assertTrue(closed.toString().contains("closed"));
        }
        assertTrue(img.isClosed());
        // Tensors closed by their scope behave the same way.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> img.add(1));
        assertTrue(e.getMessage().contains("keep"), e.getMessage());
    }

    @Test
    void viewsOutliveTheTensorTheyCameFrom() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor base = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
            Tensor view = base.transpose(1, 0);
            Tensor slice = base.slice(0, 1, 2);
            Tensor det = base.detach();
            base.close();
            assertArrayEquals(new float[] {1, 3, 2, 4}, view.toFloatArray());
            assertArrayEquals(new float[] {3, 4}, slice.toFloatArray());
            assertArrayEquals(new float[] {1, 2, 3, 4}, det.toFloatArray());
        }
    }

    @Test
    void closedVariablesAndGeneratorsFailClearly() {
        try (TensorScope scope = TensorScope.open()) {
            Variable v = new Variable("w", Tensor.of(new float[] {1, 2}, 2), true);
            Tensor value = v.value();
            v.close();
            assertTrue(v.isClosed());
            assertTrue(value.isClosed());
            IllegalStateException e = assertThrows(IllegalStateException.class, v::value);
            assertTrue(e.getMessage().contains("'w'"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> v.assign(Tensor.of(new float[] {3, 4}, 2)));
            assertThrows(IllegalStateException.class, v::toHostArray);
            assertThrows(IllegalStateException.class, () -> v.setTrainable(false));
            assertThrows(IllegalStateException.class, () -> value.add(1));

            SeedGenerator g = SeedGenerator.of(5);
            g.close();
            g.close();
            Tensor x = Tensor.ones(Shape.of(4), DType.FLOAT32);
            assertThrows(IllegalStateException.class, () -> x.dropout(0.5, g));
            assertThrows(IllegalStateException.class,
                    () -> Tensor.randomUniform(Shape.of(2), 0, 1, DType.FLOAT32, g));
        }
    }

    @Test
    void variablesOutliveScopes() {
        Variable v;
        try (TensorScope scope = TensorScope.open()) {
            v = new Variable("w", Tensor.of(new float[] {1, 2}, 2), true);
            assertEquals(1, scope.trackedCount(), "only the initial value is tracked");
        }
        assertFalse(v.isClosed());
        try (TensorScope scope = TensorScope.open()) {
            v.assign(v.value().mul(3));
            assertArrayEquals(new float[] {3, 6}, v.toHostArray().data());
        }
        assertFalse(v.isClosed());
        v.close();
    }
}
