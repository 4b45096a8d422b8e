package dev.graft.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Value tests, against hand-computed numbers, for the creation, reading, elementwise, reduction, shape and
 * matmul operations of {@link Tensor}. Each test runs inside a {@link TensorScope}.
 */
class TensorOpsTest {
    private static final double EPS = 1e-6;
    private TensorScope scope;

    @BeforeEach
    void openScope() {
        scope = TensorScope.open();
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }

    static Tensor f(long[] shape, float... data) {
        return Tensor.of(data, shape);
    }

    static long[] s(long... dims) {
        return dims;
    }

    static void assertValues(Tensor t, long[] shape, double... expected) {
        assertEquals(Shape.of(shape), t.shape(), "shape");
        assertArrayEquals(expected, t.toDoubleArray(), 1e-5, "values");
    }

    // ---- creation and reading ------------------------------------------------------------------

    @Test
    void createsFromFloatDoubleAndLongArrays() {
        Tensor a = Tensor.of(new float[] {1.5f, -2, 3, 4, 5, 6}, 2, 3);
        assertEquals(DType.FLOAT32, a.dtype());
        assertEquals(Shape.of(2, 3), a.shape());
        assertEquals(2, a.rank());
        assertEquals(6, a.size());
        assertEquals(Device.CPU, a.device());
        assertArrayEquals(new float[] {1.5f, -2, 3, 4, 5, 6}, a.toFloatArray());

        Tensor b = Tensor.of(new double[] {0.1, 0.2, 0.3}, 3);
        assertEquals(DType.FLOAT64, b.dtype());
        // float64 keeps its full precision.
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, b.toDoubleArray(), 0.0);

        Tensor c = Tensor.of(new long[] {1L << 40, -7}, 2);
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[] {1L << 40, -7}, c.toLongArray());
    }

    @Test
    void rejectsDataThatDoesNotMatchTheShape() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[] {1, 2}, 2, -1));
    }

    @Test
    void scalarsAndItem() {
        Tensor x = Tensor.scalar(2.5f);
        assertEquals(0, x.rank());
        assertEquals(1, x.size());
        assertEquals(2.5, x.item(), 0.0);
        assertEquals(7.0, Tensor.of(new double[] {7}, 1, 1).item(), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.of(new float[] {1, 2}, 2).item());
        assertTrue(e.getMessage().contains("one element"), e.getMessage());
    }

    @Test
    void zerosOnesAndFull() {
        Tensor z = Tensor.zeros(Shape.of(2, 2), DType.FLOAT64);
        assertEquals(DType.FLOAT64, z.dtype());
        assertValues(z, s(2, 2), 0, 0, 0, 0);
        Tensor o = Tensor.ones(Shape.of(3), DType.INT64);
        assertEquals(DType.INT64, o.dtype());
        assertArrayEquals(new long[] {1, 1, 1}, o.toLongArray());
        Tensor full = Tensor.full(Shape.of(1, 2), -3.25, DType.FLOAT32);
        assertValues(full, s(1, 2), -3.25, -3.25);
        assertEquals(DType.BOOL, Tensor.ones(Shape.of(1), DType.BOOL).dtype());
        assertEquals(DType.INT32, Tensor.zeros(Shape.of(1), DType.INT32).dtype());
        assertEquals(DType.UINT8, Tensor.zeros(Shape.of(1), DType.UINT8).dtype());
    }

    @Test
    void readsValuesConvertedToEachJavaType() {
        Tensor x = f(s(4), 1.75f, -1.75f, 2.5f, 0);
        assertArrayEquals(new double[] {1.75, -1.75, 2.5, 0}, x.toDoubleArray(), 0.0);
        // Conversion to integers truncates toward zero, like a C cast.
        assertArrayEquals(new long[] {1, -1, 2, 0}, x.toLongArray());
        Tensor l = Tensor.of(new long[] {3, -4}, 2);
        assertArrayEquals(new float[] {3, -4}, l.toFloatArray());
    }

    @Test
    void toTypeConverts() {
        Tensor x = f(s(3), 1.7f, -2.5f, 0);
        Tensor asLong = x.toType(DType.INT64);
        assertEquals(DType.INT64, asLong.dtype());
        assertArrayEquals(new long[] {1, -2, 0}, asLong.toLongArray());
        Tensor asDouble = x.toType(DType.FLOAT64);
        assertEquals(DType.FLOAT64, asDouble.dtype());
        assertArrayEquals(new double[] {1.7f, -2.5, 0}, asDouble.toDoubleArray(), 0.0);
        Tensor asBool = x.toType(DType.BOOL);
        assertEquals(DType.BOOL, asBool.dtype());
        assertArrayEquals(new float[] {1, 1, 0}, asBool.toFloatArray());
        Tensor back = asBool.toType(DType.FLOAT32);
        assertArrayEquals(new float[] {1, 1, 0}, back.toFloatArray());
    }

    @Test
    void toTypeToTheSameTypeIsACopy() {
        // The contract says "a copy": writing into it must not change the original.
        Tensor x = f(s(2), 1, 2);
        Tensor y = x.toType(DType.FLOAT32);
        y.assign(f(s(2), 5, 6));
        assertArrayEquals(new float[] {1, 2}, x.toFloatArray());
        assertArrayEquals(new float[] {5, 6}, y.toFloatArray());
    }

    @Test
    void engineThreadCountCanBeSet() {
        Engine engine = Engine.get();
        int before = engine.numThreads();
        try {
            engine.setNumThreads(1);
            assertEquals(1, engine.numThreads());
            assertThrows(IllegalArgumentException.class, () -> engine.setNumThreads(0));
        } finally {
            engine.setNumThreads(before);
        }
        assertEquals(before, engine.numThreads());
    }

    // ---- elementwise ------------------------------------------------------------------------------

    @Test
    void arithmeticWithBroadcasting() {
        Tensor x = f(s(2, 2), 1, 2, 3, 4);
        Tensor col = f(s(2, 1), 10, 20);
        Tensor row = f(s(2), 2, 4);
        assertValues(x.add(col), s(2, 2), 11, 12, 23, 24);
        assertValues(x.sub(col), s(2, 2), -9, -8, -17, -16);
        assertValues(x.mul(col), s(2, 2), 10, 20, 60, 80);
        assertValues(x.div(row), s(2, 2), 0.5, 0.5, 1.5, 1);
        assertValues(row.add(col), s(2, 2), 12, 14, 22, 24);
        assertThrows(RuntimeException.class, () -> x.add(f(s(3), 1, 2, 3)));
    }

    @Test
    void arithmeticWithScalars() {
        Tensor x = f(s(3), 1, 2, 4);
        assertValues(x.add(0.5), s(3), 1.5, 2.5, 4.5);
        assertValues(x.sub(1), s(3), 0, 1, 3);
        assertValues(x.mul(-2), s(3), -2, -4, -8);
        assertValues(x.div(4), s(3), 0.25, 0.5, 1);
        // A scalar operand keeps the tensor's type.
        assertEquals(DType.FLOAT32, x.mul(0.1).dtype());
        Tensor d = Tensor.of(new double[] {1}, 1);
        assertEquals(DType.FLOAT64, d.add(1).dtype());
    }

    @Test
    void unaryMath() {
        Tensor x = Tensor.of(new double[] {-3, 0, 2}, 3);
        assertValues(x.neg(), s(3), 3, 0, -2);
        assertValues(x.square(), s(3), 9, 0, 4);
        assertValues(x.abs(), s(3), 3, 0, 2);
        assertValues(x.sign(), s(3), -1, 0, 1);
        assertValues(x.pow(3), s(3), -27, 0, 8);
        Tensor p = Tensor.of(new double[] {0, 1, 4, 9}, 4);
        assertValues(p.exp(), s(4), 1, Math.E, Math.exp(4), Math.exp(9));
        assertValues(p.add(1).log(), s(4), 0, Math.log(2), Math.log(5), Math.log(10));
        assertValues(p.sqrt(), s(4), 0, 1, 2, 3);
        assertValues(p.pow(0.5), s(4), 0, 1, 2, 3);
        // log1p is accurate where log(1 + x) would round to 0.
        Tensor tiny = Tensor.of(new double[] {1e-18, 1}, 2);
        assertArrayEquals(new double[] {1e-18, Math.log(2)}, tiny.log1p().toDoubleArray(), 1e-30);
    }

    @Test
    void maximumMinimumAndClip() {
        Tensor a = f(s(3), 1, 5, 3);
        Tensor b = f(s(3), 4, 2, 3);
        assertValues(a.maximum(b), s(3), 4, 5, 3);
        assertValues(a.minimum(b), s(3), 1, 2, 3);
        assertValues(a.maximum(f(s(1), 2)), s(3), 2, 5, 3);
        assertValues(f(s(4), -2, 0.5f, 3, 1).clip(0, 1), s(4), 0, 0.5, 1, 1);
    }

    @Test
    void activations() {
        Tensor x = f(s(4), -1, 0, 3, 7);
        assertValues(x.relu(), s(4), 0, 0, 3, 7);
        assertValues(x.relu6(), s(4), 0, 0, 3, 6);
        Tensor y = Tensor.of(new double[] {0, Math.log(3), Math.log(2)}, 3);
        // sigmoid(ln 3) = 3 / 4; tanh(ln 2) = (4 - 1) / (4 + 1).
        assertArrayEquals(new double[] {0.5, 0.75, 2.0 / 3}, y.sigmoid().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0.8, 0.6}, y.tanh().toDoubleArray(), 1e-12);
    }

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = Tensor.of(new double[] {0, Math.log(2), Math.log(3), Math.log(4), Math.log(4), 0}, 2, 3);
        assertArrayEquals(new double[] {1.0 / 6, 2.0 / 6, 3.0 / 6, 4.0 / 9, 4.0 / 9, 1.0 / 9},
                x.softmax(-1).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1.0 / 6, 2.0 / 6, 3.0 / 6, 4.0 / 9, 4.0 / 9, 1.0 / 9},
                x.softmax(1).toDoubleArray(), 1e-12);
        // Along axis 0: column j holds (x0j, x1j).
        assertArrayEquals(new double[] {1.0 / 5, 2.0 / 6, 3.0 / 4, 4.0 / 5, 4.0 / 6, 1.0 / 4},
                x.softmax(0).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {Math.log(1.0 / 6), Math.log(2.0 / 6), Math.log(3.0 / 6),
                Math.log(4.0 / 9), Math.log(4.0 / 9), Math.log(1.0 / 9)}, x.logSoftmax(-1).toDoubleArray(), 1e-12);
        // Stable for large logits.
        Tensor big = f(s(2), 1000, 1000);
        assertValues(big.softmax(0), s(2), 0.5, 0.5);
        assertValues(big.logSoftmax(0), s(2), Math.log(0.5), Math.log(0.5));
    }

    @Test
    void comparisonsAndWhere() {
        Tensor x = f(s(4), 1, 2, 3, 2.5f);
        Tensor gt = x.greaterThan(2);
        assertEquals(DType.BOOL, gt.dtype());
        assertValues(gt, s(4), 0, 0, 1, 1);
        Tensor eq = x.equal(f(s(4), 1, 0, 3, 0));
        assertEquals(DType.BOOL, eq.dtype());
        assertValues(eq, s(4), 1, 0, 1, 0);
        assertValues(gt.where(x, x.neg()), s(4), -1, -2, 3, 2.5);
        // The branches broadcast.
        assertValues(gt.where(f(s(1), 9), f(s(4), 0, 1, 2, 3)), s(4), 0, 1, 9, 9);
    }

    // ---- reductions -----------------------------------------------------------------------------

    @Test
    void sumAndMean() {
        Tensor x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(x.sum(), s(), 21);
        assertValues(x.mean(), s(), 3.5);
        assertValues(x.sum(new int[] {0}, false), s(3), 5, 7, 9);
        assertValues(x.sum(new int[] {-1}, true), s(2, 1), 6, 15);
        assertValues(x.sum(new int[] {0, 1}, false), s(), 21);
        assertValues(x.sum(new int[] {0, -1}, true), s(1, 1), 21);
        assertValues(x.mean(new int[] {1}, false), s(2), 2, 5);
        assertValues(x.mean(new int[] {-2}, true), s(1, 3), 2.5, 3.5, 4.5);
    }

    @Test
    void reductionsOverSeveralAxesOfA3dTensor() {
        float[] data = new float[24];
        for (int i = 0; i < 24; i++) {
            data[i] = i;
        }
        Tensor x = Tensor.of(data, 2, 3, 4);
        // sum over axes 0 and 2: for j, sum_i sum_k (12 i + 4 j + k) = 2*(4*4j + 6) + 4*12 = 32 j + 60.
        assertValues(x.sum(new int[] {0, -1}, false), s(3), 60, 92, 124);
        assertValues(x.mean(new int[] {0, 2}, true), s(1, 3, 1), 7.5, 11.5, 15.5);
        assertValues(x.max(new int[] {1, 2}, false), s(2), 11, 23);
        assertValues(x.min(new int[] {-3}, false), s(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {3}, false));
        assertThrows(IllegalArgumentException.class, () -> x.mean(new int[] {-4}, false));
    }

    @Test
    void maxMinAndArgmax() {
        Tensor x = f(s(2, 3), 1, 9, 3, 7, 2, 5);
        assertValues(x.max(new int[] {1}, false), s(2), 9, 7);
        assertValues(x.max(new int[] {0}, true), s(1, 3), 7, 9, 5);
        assertValues(x.min(new int[] {-1}, false), s(2), 1, 2);
        assertValues(x.min(new int[] {0, 1}, false), s(), 1);
        Tensor am = x.argmax(-1);
        assertEquals(DType.INT64, am.dtype());
        assertEquals(Shape.of(2), am.shape());
        assertArrayEquals(new long[] {1, 0}, am.toLongArray());
        assertArrayEquals(new long[] {1, 0, 1}, x.argmax(0).toLongArray());
    }

    @Test
    void emptyTensorsCopyOutAsEmptyArrays() {
        Tensor empty = Tensor.zeros(Shape.of(0, 3), DType.FLOAT32);
        assertEquals(0, empty.toFloatArray().length);
        assertEquals(0, empty.toDoubleArray().length);
        assertEquals(0, Tensor.zeros(Shape.of(2, 0), DType.INT64).toLongArray().length);
    }

    @Test
    void greaterThanTensorBroadcasts() {
        Tensor x = f(s(3, 1), 0.1f, 0.5f, 0.9f);
        Tensor thresholds = f(s(1, 2), 0.4f, 0.6f);
        Tensor gt = x.greaterThan(thresholds);
        assertEquals(DType.BOOL, gt.dtype());
        assertEquals(Shape.of(3, 2), gt.shape());
        assertArrayEquals(new float[] {0, 0, 1, 0, 1, 1}, gt.toFloatArray());
    }

    @Test
    void takeSelectsSlicesInOrder() {
        Tensor x = f(s(3, 2), 1, 2, 3, 4, 5, 6);
        Tensor rows = x.take(Tensor.of(new long[] {2, 0, 2}, 3), 0);
        assertValues(rows, s(3, 2), 5, 6, 1, 2, 5, 6);
        assertValues(x.take(Tensor.of(new long[] {1}, 1), -1), s(3, 1), 2, 4, 6);
        assertThrows(IllegalArgumentException.class, () -> x.take(f(s(1), 0), 0));
    }

    @Test
    void oneHotMakesUnitVectorsAndRejectsOutOfRange() {
        Tensor labels = Tensor.of(new long[] {2, 0, 1}, 3);
        Tensor oh = labels.oneHot(3, DType.FLOAT32);
        assertEquals(DType.FLOAT32, oh.dtype());
        assertValues(oh, s(3, 3), 0, 0, 1, 1, 0, 0, 0, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> labels.oneHot(2, DType.FLOAT32));
        assertTrue(e.getMessage().contains("[0, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f(s(1), 1).oneHot(2, DType.FLOAT32));
    }

    // ---- shape ----------------------------------------------------------------------------------

    @Test
    void reshapeInfersMinusOne() {
        Tensor x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(x.reshape(-1, 2), s(3, 2), 1, 2, 3, 4, 5, 6);
        assertValues(x.reshape(6), s(6), 1, 2, 3, 4, 5, 6);
        assertValues(x.reshape(1, -1, 3), s(1, 2, 3), 1, 2, 3, 4, 5, 6);
        assertThrows(RuntimeException.class, () -> x.reshape(4, -1));
    }

    @Test
    void transposePermutesAxes() {
        Tensor x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(x.transpose(1, 0), s(3, 2), 1, 4, 2, 5, 3, 6);
        float[] data = new float[24];
        for (int i = 0; i < 24; i++) {
            data[i] = i;
        }
        // y[a][b][c] = x[b][c][a] for x of shape (2, 3, 4).
        Tensor y = Tensor.of(data, 2, 3, 4).transpose(2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), y.shape());
        float[] v = y.toFloatArray();
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(12 * b + 4 * c + a, v[a * 6 + b * 3 + c], 0.0);
                }
            }
        }
        assertValues(x.transpose(-1, 0), s(3, 2), 1, 4, 2, 5, 3, 6);
        assertThrows(IllegalArgumentException.class, () -> x.transpose(0));
    }

    @Test
    void sliceAlongAnAxis() {
        Tensor x = f(s(2, 4), 0, 1, 2, 3, 4, 5, 6, 7);
        assertValues(x.slice(1, 1, 3), s(2, 2), 1, 2, 5, 6);
        assertValues(x.slice(-1, 3, 4), s(2, 1), 3, 7);
        assertValues(x.slice(0, 1, 2), s(1, 4), 4, 5, 6, 7);
        assertEquals(Shape.of(2, 0), x.slice(1, 2, 2).shape());
        assertThrows(IndexOutOfBoundsException.class, () -> x.slice(1, 2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> x.slice(1, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> x.slice(0, -1, 1));
    }

    @Test
    void padBeforeAndAfterEachAxis() {
        Tensor x = f(s(1, 2), 1, 2);
        assertValues(x.pad(new long[][] {{1, 0}, {0, 2}}, 9), s(2, 4), 9, 9, 9, 9, 1, 2, 9, 9);
        assertValues(x.pad(new long[][] {{0, 0}, {1, 1}}, 0), s(1, 4), 0, 1, 2, 0);
        assertThrows(IllegalArgumentException.class, () -> x.pad(new long[][] {{1, 1}}, 0));
    }

    @Test
    void expandDimsAddsAnAxis() {
        Tensor x = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(x.expandDims(0), s(1, 2, 3), 1, 2, 3, 4, 5, 6);
        assertValues(x.expandDims(1), s(2, 1, 3), 1, 2, 3, 4, 5, 6);
        assertValues(x.expandDims(2), s(2, 3, 1), 1, 2, 3, 4, 5, 6);
        assertValues(x.expandDims(-1), s(2, 3, 1), 1, 2, 3, 4, 5, 6);
        assertValues(x.expandDims(-3), s(1, 2, 3), 1, 2, 3, 4, 5, 6);
    }

    @Test
    void concatJoinsAlongAnAxis() {
        Tensor a = f(s(2, 1), 1, 2);
        Tensor b = f(s(2, 2), 3, 4, 5, 6);
        assertValues(Tensor.concat(List.of(a, b), 1), s(2, 3), 1, 3, 4, 2, 5, 6);
        assertValues(Tensor.concat(List.of(a, b), -1), s(2, 3), 1, 3, 4, 2, 5, 6);
        assertValues(Tensor.concat(List.of(b, b.slice(0, 0, 1)), 0), s(3, 2), 3, 4, 5, 6, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> Tensor.concat(List.of(), 0));
        assertThrows(RuntimeException.class, () -> Tensor.concat(List.of(a, b), 0));
    }

    // ---- matmul ---------------------------------------------------------------------------------

    @Test
    void matmul2d() {
        Tensor a = f(s(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor b = f(s(3, 2), 7, 8, 9, 10, 11, 12);
        assertValues(a.matmul(b), s(2, 2), 58, 64, 139, 154);
        assertValues(f(s(3), 1, 0, -1).matmul(b), s(2), -4, -4);
        assertThrows(RuntimeException.class, () -> a.matmul(a));
    }

    @Test
    void batchedMatmul() {
        Tensor a = f(s(2, 2, 2), 1, 0, 0, 1, /**/ 1, 2, 3, 4);
        Tensor b = f(s(2, 2, 2), 1, 2, 3, 4, /**/ 1, 0, 0, 1);
        assertValues(a.matmul(b), s(2, 2, 2), 1, 2, 3, 4, 1, 2, 3, 4);
        Tensor c = f(s(2, 2, 2), 0, 1, 1, 0, /**/ 2, 0, 0, 2);
        // [[1,2],[3,4]] @ [[0,1],[1,0]] swaps the columns; [[1,2],[3,4]] @ 2I doubles.
        Tensor m = f(s(2, 2, 2), 1, 2, 3, 4, 1, 2, 3, 4);
        assertValues(m.matmul(c), s(2, 2, 2), 2, 1, 4, 3, 2, 4, 6, 8);
        // A 3D batch times a 2D matrix, as Dense does on sequences.
        Tensor w = f(s(2, 3), 1, 0, 1, 0, 1, 1);
        assertValues(m.matmul(w), s(2, 2, 3), 1, 2, 3, 3, 4, 7, 1, 2, 3, 3, 4, 7);
    }
}
