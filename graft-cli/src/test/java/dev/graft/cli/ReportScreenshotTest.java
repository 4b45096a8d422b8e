package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser shows it: headless Chromium (Debian's {@code chromium}, which {@code .ci/run}
 * installs when it can) takes a screenshot, which must show the page's text and its pictures. Skipped, loudly,
 * when {@code chromium} is not on the PATH.
 */
class ReportScreenshotTest {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 1600;

    @TempDir
    Path tmp;

    @Test
    void headlessChromiumShowsTheReportWithItsPictures() throws IOException, InterruptedException {
        Path chromium = onPath("chromium").orElse(null);
        if (chromium == null) {
            String message = "SKIPPED: chromium is not on the PATH, so the HTML report is not checked in a browser "
                    + "(install Debian's chromium: apt-get install -y chromium; .ci/run does so when apt is usable)";
            System.err.println(message);
            Assumptions.abort(message);
        }
        Path data = TinyImageFolders.trainAndValidation(tmp.resolve("data"), 4, 3);
        Path out = tmp.resolve("out");
        GraftRun run = GraftRun.of(TinyImageFolders.quickFinetune(data, out));
        assertEquals(0, run.status(), run.transcript());

        Path screenshot = tmp.resolve("screenshot.png");
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + tmp.resolve("profile"), "--screenshot=" + screenshot,
                "--window-size=" + WIDTH + "," + HEIGHT, out.resolve(Report.HTML).toUri().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertTrue(browser.waitFor(120, TimeUnit.SECONDS), "chromium took over 2 minutes");
        String log = Files.readString(tmp.resolve("chromium.log"));
        assertEquals(0, browser.exitValue(), log);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertNotNull(image, "a PNG screenshot:\n" + log);
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());

        int dark = 0;
        int colored = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r + g + b < 200) {
                    dark++;                                   // text
                }
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
                    colored++;                                // curves, confusion cells, photos: the pictures loaded
                }
            }
        }
        assertTrue(dark > 2_000, "text is drawn: " + dark + " dark pixels");
        // Each row of the confusion matrix has a cell of at least half its images, a 90 x 90 square of blue: the
        // page without its pictures has a few hundred colored pixels, with them tens of thousands.
        assertTrue(colored > 10_000, "pictures are drawn: " + colored + " colored pixels");
    }

    /** The executable {@code name} in a folder of the PATH, as {@code which} finds it. */
    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : List.of(path.split(File.pathSeparator))) {
            Path candidate = Path.of(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
