package dev.graft.cli;

import dev.graft.utils.RandomSeed;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code graft guide}: runs the Keras guide "Transfer learning &amp; fine-tuning" as it is written. */
@Command(name = "guide", mixinStandardHelpOptions = true,
        description = "Runs the Keras transfer-learning guide: cats_vs_dogs, a frozen Xception, head training, "
                + "fine-tuning, the test score and pictures.")
final class GuideCommand implements Callable<Integer> {
    @Mixin
    GuideOptions options = new GuideOptions();

    @Override
    public Integer call() throws Exception {
        RandomSeed.set(options.seed);
        new Guide(options, System.out).run();
        return 0;
    }
}
