package dev.graft.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TfdsKeyHashTest {

    @Test
    void theHashIsMd5OfTheSplitNameFollowedByTheKey() {
        // Python: hashlib.md5(b"train" + b"PetImages/Cat/1.jpg").hexdigest(), and so on.
        assertEquals("f3b6ab9dfd410e45aa0ff947fb5aa2b6", hex(TfdsKeyHash.of("train", "PetImages/Cat/1.jpg")));
        assertEquals("f8674eb12598c27d33107769ac8849f8", hex(TfdsKeyHash.of("train", "PetImages/Dog/1.jpg")));
        assertEquals("f88b440ab78025e446072f1f46b8a684", hex(TfdsKeyHash.of("train", "PetImages/Cat/0.jpg")));
        assertEquals("ecd04d33595d40e8d749e890a97aec84", hex(TfdsKeyHash.of("train", "PetImages/Dog/12499.jpg")));
        assertArrayEquals(md5("trainPetImages/Dog/7.jpg"), TfdsKeyHash.of("train", "PetImages/Dog/7.jpg"));
    }

    @Test
    void windowsSeparatorsHashAsSlashes() {
        assertArrayEquals(TfdsKeyHash.of("train", "PetImages/Cat/1.jpg"), TfdsKeyHash.of("train", "PetImages\\Cat\\1.jpg"));
    }

    @Test
    void examplesAreOrderedByTheHashAsAnUnsignedInteger() {
        List<String> keys = new ArrayList<>();
        for (String animal : List.of("Cat", "Dog")) {
            for (int i = 0; i < 5; i++) {
                keys.add("PetImages/" + animal + "/" + i + ".jpg");
            }
        }
        keys.sort(Comparator.comparing(k -> TfdsKeyHash.of("train", k), TfdsKeyHash.ORDER));
        // Python: sorted(keys, key=lambda k: int(hashlib.md5(b"train" + k.encode()).hexdigest(), 16))
        assertEquals(List.of("PetImages/Cat/2.jpg", "PetImages/Dog/0.jpg", "PetImages/Cat/3.jpg", "PetImages/Cat/4.jpg",
                "PetImages/Dog/2.jpg", "PetImages/Dog/3.jpg", "PetImages/Dog/4.jpg", "PetImages/Cat/1.jpg",
                "PetImages/Dog/1.jpg", "PetImages/Cat/0.jpg"), keys);
    }

    @Test
    void theOrderIsThatOfPythonsIntOfTheHexDigest() {
        Random random = new Random(11);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            keys.add("PetImages/" + (random.nextBoolean() ? "Cat" : "Dog") + "/" + random.nextInt(12_500) + ".jpg");
        }
        List<String> byOrder = new ArrayList<>(keys);
        byOrder.sort(Comparator.comparing(k -> TfdsKeyHash.of("train", k), TfdsKeyHash.ORDER));
        List<String> byInteger = new ArrayList<>(keys);
        // int(hexdigest, 16): the digest's bytes as a non-negative big-endian integer.
        byInteger.sort(Comparator.comparing(k -> new BigInteger(1, md5("train" + k))));
        assertEquals(byInteger, byOrder);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
