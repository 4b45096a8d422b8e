package dev.graft.fuzz;

import dev.graft.data.DatasetIterator;
import dev.graft.data.datasets.Datasets;
import dev.graft.data.datasets.DirectoryOptions;
import dev.graft.data.image.ImageDecoder;
import dev.graft.training.Batch;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Damaged images for {@link ImageDecoder} and the directory loader: empty, truncated, wrong magic numbers,
 * mislabelled extensions, gigantic declared sizes, random bytes after a valid header, random data, and bit
 * flips, applied to valid JPEG (RGB, grayscale, CMYK), PNG (RGB, RGBA, grayscale, 16-bit, palette), GIF
 * (still, animated) and BMP (RGB, palette) files made here with ImageIO.
 */
final class ImageInputs implements FuzzInputs {
    private static final String FAMILY = "images";

    /** A valid image and the extension its format uses. */
    private record Valid(String kind, byte[] bytes, String extension) {
    }

    private final Path dir;
    private final List<Valid> valid = new ArrayList<>();
    private final ImageDecoder decoder = new ImageDecoder();

    ImageInputs(Path dir) throws IOException {
        this.dir = dir;
        Random pixels = new Random(1);
        BufferedImage rgb = filled(new BufferedImage(23, 17, BufferedImage.TYPE_3BYTE_BGR), pixels);
        BufferedImage gray = filled(new BufferedImage(19, 11, BufferedImage.TYPE_BYTE_GRAY), pixels);
        BufferedImage gray16 = filled(new BufferedImage(13, 9, BufferedImage.TYPE_USHORT_GRAY), pixels);
        BufferedImage argb = filled(new BufferedImage(12, 14, BufferedImage.TYPE_INT_ARGB), pixels);
        BufferedImage palette = filled(new BufferedImage(16, 10, BufferedImage.TYPE_BYTE_INDEXED, palette()), pixels);
        valid.add(new Valid("rgb jpeg", write(rgb, "jpeg"), ".jpg"));
        valid.add(new Valid("grayscale jpeg", write(gray, "jpeg"), ".jpeg"));
        valid.add(new Valid("cmyk jpeg", cmykJpeg(pixels), ".jpg"));
        valid.add(new Valid("rgb png", write(rgb, "png"), ".png"));
        valid.add(new Valid("rgba png", write(argb, "png"), ".png"));
        valid.add(new Valid("grayscale png", write(gray, "png"), ".png"));
        valid.add(new Valid("16-bit png", write(gray16, "png"), ".png"));
        valid.add(new Valid("palette png", write(palette, "png"), ".png"));
        valid.add(new Valid("gif", write(palette, "gif"), ".gif"));
        valid.add(new Valid("animated gif", animatedGif(palette, filled(new BufferedImage(16, 10,
                BufferedImage.TYPE_BYTE_INDEXED, palette()), pixels)), ".gif"));
        valid.add(new Valid("rgb bmp", write(rgb, "bmp"), ".bmp"));
        valid.add(new Valid("palette bmp", write(palette, "bmp"), ".bmp"));
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public FuzzCase next(int index, Random random) throws IOException {
        Valid base = valid.get(random.nextInt(valid.size()));
        String stem = "fuzz-image-" + index;
        return switch (index % 11) {
            case 0 -> refusedFile(stem + base.extension, new byte[0], "zero bytes named " + base.extension);
            case 1 -> truncated(stem, base, random);
            case 2 -> refusedFile(stem + base.extension, Mutations.wrongMagic(base.bytes, random, 1 + random.nextInt(4)),
                    "wrong magic number on a " + base.kind);
            case 3 -> mislabelled(stem, base, random);
            case 4 -> refusedFile(stem + base.extension, gigantic(base, random), "gigantic declared size in a "
                    + base.kind);
            case 5 -> decodedOrRefused(stem + base.extension, Mutations.randomAfter(base.bytes,
                    headerLength(base), random, 2048), "random bytes after the header of a " + base.kind);
            case 6, 7 -> decodedOrRefused(stem + base.extension, Mutations.flipBits(base.bytes, random, 8),
                    "bit flips in a " + base.kind);
            case 8 -> refusedFile(stem + base.extension, Mutations.randomBytes(random, 1 + random.nextInt(4096)),
                    "random bytes named " + base.extension);
            case 9 -> decodedOrRefused(stem + base.extension, base.bytes, "a valid " + base.kind);
            default -> inDirectory(stem, base, random);
        };
    }

    private FuzzCase refusedFile(String name, byte[] bytes, String description) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return FuzzCase.refused(FAMILY, description + " (" + name + ")", name, () -> decoder.decode(file).close());
    }

    private FuzzCase decodedOrRefused(String name, byte[] bytes, String description) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return FuzzCase.mayPass(FAMILY, description + " (" + name + ")", name, () -> decoder.decode(file).close());
    }

    /**
     * A file cut short. A cut inside a PNG, JPEG or GIF loses data their decoders require; a BMP cut after
     * its header may still hold whole rows, which some readers accept, so BMP cuts may decode.
     */
    private FuzzCase truncated(String stem, Valid base, Random random) throws IOException {
        byte[] cut = Mutations.truncate(base.bytes, random);
        String name = stem + base.extension;
        return base.extension.equals(".bmp") ? decodedOrRefused(name, cut, "truncated " + base.kind)
                : refusedFile(name, cut, "truncated " + base.kind + " (" + cut.length + " of " + base.bytes.length
                + " bytes)");
    }

    /** A valid image under another format's extension decodes (the format is read from the bytes); text does not. */
    private FuzzCase mislabelled(String stem, Valid base, Random random) throws IOException {
        String[] others = {".png", ".jpg", ".gif", ".bmp"};
        String extension = others[random.nextInt(others.length)];
        if (random.nextBoolean()) {
            return decodedOrRefused(stem + extension, base.bytes, "a " + base.kind + " named " + extension);
        }
        return refusedFile(stem + extension, "just some text, not an image\n".getBytes(), "text named " + extension);
    }

    /** Bad images in an {@code image_dataset_from_directory} folder: loading must name the file. */
    private FuzzCase inDirectory(String stem, Valid base, Random random) throws IOException {
        Path root = Files.createDirectories(dir.resolve(stem));
        Files.createDirectories(root.resolve("good"));
        Files.createDirectories(root.resolve("bad"));
        Files.write(root.resolve("good/ok" + base.extension), base.bytes);
        String name = "broken" + base.extension;
        byte[] broken = random.nextBoolean() ? new byte[0] : Mutations.wrongMagic(base.bytes, random, 4);
        Files.write(root.resolve("bad").resolve(name), broken);
        DirectoryOptions options = DirectoryOptions.builder().optImageSize(8, 8).optBatchSize(2).optSeed(7)
                .optOutput(new PrintStream(OutputStream.nullOutputStream())).build();
        return FuzzCase.refused(FAMILY, "a broken image in a class folder (" + root + ")", name, () -> {
            try (DatasetIterator<Batch> batches = Datasets.imageDatasetFromDirectory(root, options).iterator()) {
                while (batches.hasNext()) {
                    batches.next();
                }
            }
        });
    }

    /** The valid image with its header's width and height set far beyond the decoder's pixel limit. */
    private static byte[] gigantic(Valid base, Random random) {
        byte[] b = base.bytes.clone();
        int huge = 40_000 + random.nextInt(20_000);
        ByteBuffer little = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer big = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        switch (base.extension) {
            case ".png" -> {
                big.putInt(16, huge);
                big.putInt(20, huge);
            }
            case ".bmp" -> {
                little.putInt(18, huge);
                little.putInt(22, huge);
            }
            case ".gif" -> {
                little.putShort(6, (short) 0xFFFF);
                little.putShort(8, (short) 0xFFFF);
                int descriptor = indexOf(b, (byte) 0x2C, 13);
                little.putShort(descriptor + 5, (short) 0xFFFF);
                little.putShort(descriptor + 7, (short) 0xFFFF);
            }
            default -> {
                int sof = startOfFrame(b);
                big.putShort(sof + 5, (short) 0xFFFF);
                big.putShort(sof + 7, (short) 0xFFFF);
            }
        }
        return b;
    }

    /** Where a baseline or progressive JPEG frame header (FF C0 / FF C2) starts. */
    private static int startOfFrame(byte[] b) {
        for (int i = 2; i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xFF && (b[i + 1] == (byte) 0xC0 || b[i + 1] == (byte) 0xC2)) {
                return i;
            }
        }
        throw new IllegalStateException("no JPEG frame header");
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("no byte " + value);
    }

    /** The length of the format's fixed header: what "random bytes after a valid header" keeps. */
    private static int headerLength(Valid base) {
        return switch (base.extension) {
            case ".png" -> 33; // signature and IHDR chunk
            case ".bmp" -> 54; // file and info headers
            case ".gif" -> 13; // signature and logical screen descriptor
            default -> startOfFrame(base.bytes) + 19; // everything up to the end of the frame header
        };
    }

    private static IndexColorModel palette() {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 16);
            g[i] = (byte) (255 - i * 16);
            b[i] = (byte) (i * 7);
        }
        return new IndexColorModel(4, 16, r, g, b);
    }

    private static BufferedImage filled(BufferedImage image, Random random) {
        WritableRaster raster = image.getRaster();
        int max = image.getColorModel() instanceof IndexColorModel icm ? icm.getMapSize() - 1
                : (1 << image.getColorModel().getComponentSize(0)) - 1;
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                for (int band = 0; band < raster.getNumBands(); band++) {
                    raster.setSample(x, y, band, random.nextInt(max + 1));
                }
            }
        }
        return image;
    }

    private static byte[] write(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IllegalStateException("ImageIO cannot write " + format + " from " + image);
        }
        return out.toByteArray();
    }

    /** A four-component (CMYK) JPEG, written from a raster: ImageIO writes rasters without colour conversion. */
    private static byte[] cmykJpeg(Random random) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 10, 8, 4, null);
        for (int i = 0; i < 10 * 8 * 4; i++) {
            raster.getDataBuffer().setElem(i, random.nextInt(256));
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A two-frame GIF. */
    private static byte[] animatedGif(BufferedImage first, BufferedImage second) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : List.of(first, second)) {
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                        null);
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(metadata.getNativeMetadataFormatName());
                IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "10");
                control.setAttribute("transparentColorIndex", "0");
                root.appendChild(control);
                metadata.setFromTree(metadata.getNativeMetadataFormatName(), root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
