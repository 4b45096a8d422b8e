package dev.graft.cli;

import dev.graft.applications.Weights;
import dev.graft.models.Model;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft summary}: prints Keras' summary table of an application or a saved model. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints the Keras summary of an application or a saved .keras model.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The architecture is all a summary needs: no weights are downloaded.
        try (Model built = model.build(Weights.none())) {
            built.summary(spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
