package dev.graft.fuzz;

import java.util.Arrays;
import java.util.Random;

/** Ways of damaging valid bytes, each driven by the caller's random source. */
final class Mutations {
    private Mutations() {
    }

    /** The first {@code 1..length-1} bytes. */
    static byte[] truncate(byte[] valid, Random random) {
        return Arrays.copyOf(valid, 1 + random.nextInt(Math.max(1, valid.length - 1)));
    }

    /** A copy with 1 to {@code maxFlips} single bits inverted, anywhere. */
    static byte[] flipBits(byte[] valid, Random random, int maxFlips) {
        byte[] out = valid.clone();
        int flips = 1 + random.nextInt(maxFlips);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    /** The first {@code header} bytes of {@code valid} followed by 0 to {@code maxTail} random bytes. */
    static byte[] randomAfter(byte[] valid, int header, Random random, int maxTail) {
        byte[] tail = randomBytes(random, random.nextInt(maxTail + 1));
        byte[] out = Arrays.copyOf(valid, Math.min(header, valid.length) + tail.length);
        System.arraycopy(tail, 0, out, Math.min(header, valid.length), tail.length);
        return out;
    }

    /** {@code count} random bytes. */
    static byte[] randomBytes(Random random, int count) {
        byte[] out = new byte[count];
        random.nextBytes(out);
        return out;
    }

    /** A copy whose first {@code count} bytes are random (a wrong magic number). */
    static byte[] wrongMagic(byte[] valid, Random random, int count) {
        byte[] out = valid.clone();
        for (int i = 0; i < Math.min(count, out.length); i++) {
            out[i] = (byte) (random.nextInt(256));
        }
        // Keep clear of the real magic numbers: JPEG FF D8, PNG 89 'P', GIF 'G', BMP 'B'.
        if (out.length > 0 && ((out[0] & 0xFF) == 0xFF || (out[0] & 0xFF) == 0x89 || out[0] == 'G' || out[0] == 'B')) {
            out[0] = 0x00;
        }
        return out;
    }
}
