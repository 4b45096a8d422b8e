package dev.graft.data.datasets;

import dev.graft.download.Checksum;
import dev.graft.download.Downloader;
import dev.graft.download.GraftHome;
import dev.graft.download.RemoteFile;
import dev.graft.download.UserOnlyFiles;
import dev.graft.download.ZipExtractor;
import dev.graft.training.ProgressOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * TFDS' {@code cats_vs_dogs} (version 4.0.1): Microsoft's Kaggle cats and dogs archive, one split {@code train} of
 * 23,262 photos labelled 0 (cat) or 1 (dog) after 1,738 corrupt files are dropped.
 *
 * <pre>{@code
 * PreparedDataset data = CatsVsDogs.builder().build().prepare();
 * List<LabelledFile> train = data.examples("train[:40%]");        // 9305 files
 * List<LabelledFile> validation = data.examples("train[40%:50%]"); // 2326
 * }</pre>
 *
 * <p>{@link #prepare()} downloads the archive (786.7 MiB, verified against TFDS' recorded size and SHA-256),
 * extracts it, keeps the files TFDS keeps, and orders them as TFDS stores them (by {@code md5("train" + path)}, see
 * {@link TfdsKeyHash}) in TFDS' 16 shards, so that slices select the same files in the same order as
 * {@code tfds.load("cats_vs_dogs", split=...)}. Another archive of the same layout can be given (a mirror, or a
 * small one for tests); the count of 1,738 skipped files is enforced only for the official one.
 *
 * <p>One difference remains upstream of these files: TFDS 4.0.1 decodes and re-encodes each JPEG when it prepares
 * the data set, so its pixels differ slightly from those of the original files returned here.
 */
public final class CatsVsDogs {
    /** The archive's address (TFDS' {@code _URL}). */
    public static final String URL = "https://download.microsoft.com/download/3/E/1/3E1C3F21-ECDB-4869-8368-"
            + "6DEBA77B919F/kagglecatsanddogs_5340.zip";
    /** The archive's SHA-256, as recorded by TFDS and Hugging Face for {@link #URL}. */
    public static final String SHA256 = "b7974bd00a84a99921f36ee4403f089853777b5ae8d151c76a86e64900334af9";
    /** The archive's size in bytes (TFDS' {@code downloadSize}). */
    public static final long SIZE = 824_887_076L;
    /** The files TFDS drops from the official archive. */
    public static final int NUM_CORRUPT_IMAGES = 1738;
    /** The TFDS version reproduced. */
    public static final String VERSION = "4.0.1";
    /** The only split. */
    public static final String SPLIT = "train";
    /** The class names, index = label. */
    public static final List<String> CLASS_NAMES = List.of("cat", "dog");

    /** The serialized size of TFDS' train split ({@code numBytes}), which decides its 16 shards. */
    static final long RECORDED_TRAIN_BYTES = 1_113_904_753L;
    private static final int MAX_ENTRIES = 100_000;
    private static final long MAX_EXTRACTED_BYTES = 4L << 30;

    private final Downloader downloader;
    private final RemoteFile archive;
    private final Path output;
    /** Whether {@link #output} is Graft's own cache folder, which is then made user-only. */
    private final boolean cacheOutput;
    private final ProgressOutput progress;

    private CatsVsDogs(Builder b, Downloader downloader, RemoteFile archive) {
        this.downloader = downloader;
        this.archive = archive;
        this.output = b.output != null ? b.output : GraftHome.datasets().resolve("cats_vs_dogs");
        this.cacheOutput = b.output == null;
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The class names, index = label: cat, dog. */
    public static List<String> classNames() {
        return CLASS_NAMES;
    }

    /**
     * Downloads (unless cached), extracts (unless already extracted) and orders the examples.
     *
     * @throws IllegalStateException if the download or extraction is refused (see {@link Downloader#fetch},
     *                               {@link ZipExtractor#extract}), if the official archive does not yield exactly
     *                               1,738 skipped files, or if the archive holds no example
     */
    public PreparedDataset prepare() {
        Path zip = downloader.fetch(archive);
        if (cacheOutput) {
            try {
                UserOnlyFiles.createCacheDirectories(output);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the data set folder " + output + ": " + e.getMessage()
                        + "; set " + GraftHome.HOME_ENV + " to a writable folder", e);
            }
        }
        String base = archive.fileName().replaceFirst("(?i)\\.zip$", "");
        // The checksum in the folder's name keeps extractions of different archives apart.
        Path folder = output.resolve(base + "-" + archive.checksum().hex().substring(0, 12));
        ZipExtractor.builder().optMaxEntries(MAX_ENTRIES).optMaxTotalBytes(MAX_EXTRACTED_BYTES).build()
                .extract(zip, folder);
        CatsVsDogsScan scan = CatsVsDogsScan.of(folder, CLASS_NAMES);
        progress.stream().println(scan.skipped() + " images were corrupted and were skipped");
        boolean official = archive.checksum().equals(Checksum.sha256(SHA256));
        requireTfdsSkipCount(official, scan.skipped(), folder);
        if (scan.kept().isEmpty()) {
            throw new IllegalStateException("The archive " + zip + " holds no example: no file named "
                    + "PetImages/Cat/<n>.jpg or PetImages/Dog/<n>.jpg with JFIF data");
        }
        List<LabelledFile> stored = storedOrder(scan.kept());
        long bytes = official ? RECORDED_TRAIN_BYTES : scan.keptBytes();
        int[] shards = TfdsShards.shardLengths(stored.size(), TfdsShards.numberOfShards(bytes, stored.size()));
        return new PreparedDataset(folder, Map.of(SPLIT, stored), Map.of(SPLIT, shards), scan.skipped(),
                CLASS_NAMES);
    }

    /** TFDS' check: the official archive yields exactly {@link #NUM_CORRUPT_IMAGES} skipped files. */
    static void requireTfdsSkipCount(boolean official, int skipped, Path folder) {
        if (official && skipped != NUM_CORRUPT_IMAGES) {
            throw new IllegalStateException("Expected " + NUM_CORRUPT_IMAGES + " corrupt images in the official "
                    + "archive, but found " + skipped + " in " + folder
                    + "; if files there were changed, delete the folder to extract the archive again");
        }
    }

    /** TFDS' stored order: ascending {@code md5("train" + name)}. */
    private static List<LabelledFile> storedOrder(List<LabelledFile> kept) {
        record Keyed(byte[] hash, LabelledFile file) {
        }
        List<Keyed> keyed = new ArrayList<>(kept.size());
        for (LabelledFile file : kept) {
            keyed.add(new Keyed(TfdsKeyHash.of(SPLIT, file.name()), file));
        }
        keyed.sort(Comparator.comparing(Keyed::hash, TfdsKeyHash.ORDER));
        return keyed.stream().map(Keyed::file).toList();
    }

    /**
     * Builds {@link CatsVsDogs}; every setting is optional. By default the official archive is fetched into
     * {@code $GRAFT_HOME/downloads} (else {@code ~/.graft/downloads}) and extracted under
     * {@code $GRAFT_HOME/datasets/cats_vs_dogs}.
     */
    public static final class Builder {
        private Path cacheDir;
        private Boolean offline;
        private Downloader downloader;
        private String url = URL;
        private String sha256 = SHA256;
        private Path output;
        private ProgressOutput progress = ProgressOutput.standardOutput();

        private Builder() {
        }

        /** The download cache folder (ignored when {@link #optDownloader} is given: set it there). */
        public Builder optCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        /** Use the cache only (default: the environment variable {@code GRAFT_OFFLINE}). */
        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The downloader to use, fully configured (cache, offline mode, timeouts, progress). */
        public Builder optDownloader(Downloader downloader) {
            this.downloader = downloader;
            return this;
        }

        /** Another address for the archive: a mirror of the official file (its checksum and size still apply). */
        public Builder optUrl(String url) {
            this.url = url;
            return this;
        }

        /** The SHA-256 of another archive of the same layout (its size is then not checked, only its checksum). */
        public Builder optExpectedSha256(String sha256) {
            this.sha256 = sha256;
            return this;
        }

        /** The folder under which the archive is extracted (default {@code $GRAFT_HOME/datasets/cats_vs_dogs}). */
        public Builder optOutput(Path output) {
            this.output = output;
            return this;
        }

        /** Where the download progress and the count of skipped files go (default standard output). */
        public Builder optProgress(ProgressOutput progress) {
            this.progress = progress;
            return this;
        }

        public CatsVsDogs build() {
            if (downloader != null && (cacheDir != null || offline != null)) {
                throw new IllegalArgumentException("CatsVsDogs received both optDownloader and optCacheDir/optOffline;"
                        + " configure the cache and offline mode on the downloader instead");
            }
            if (progress == null) {
                throw new IllegalArgumentException("CatsVsDogs needs a progress output (optProgress), received null");
            }
            Checksum checksum = Checksum.sha256(sha256);
            URI address = address(url);
            RemoteFile file = new RemoteFile(address, fileName(address), checksum,
                    checksum.hex().equals(SHA256) ? SIZE : RemoteFile.UNKNOWN_SIZE);
            Downloader d = downloader;
            if (d == null) {
                Downloader.Builder b = Downloader.builder().optProgress(progress);
                if (cacheDir != null) {
                    b.optCacheDir(cacheDir);
                }
                if (offline != null) {
                    b.optOffline(offline);
                }
                d = b.build();
            }
            return new CatsVsDogs(this, d, file);
        }

        private static URI address(String url) {
            try {
                return new URI(url);
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalArgumentException("optUrl needs a valid http(s) address, received \"" + url + "\"", e);
            }
        }

        /** The archive's name in the cache: the last segment of the address, else TFDS' name for it. */
        private static String fileName(URI address) {
            String path = address.getPath();
            String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
            return last.isEmpty() ? "kagglecatsanddogs_5340.zip" : last;
        }
    }
}
